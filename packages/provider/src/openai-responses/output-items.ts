import type { AssistantContent, ModelResponse, StopReason } from "@keel/protocol";
import { encodeResponsesReasoning } from "./reasoning-marker.js";

/** One text content part of a message item; `block` is its Keel block index. */
export interface TextPart {
  block: number;
  text: string;
  stopped: boolean;
}

/** One output item of the response, addressed by its `output_index` (and `id`). */
export type ItemState =
  | { type: "message"; parts: Map<number, TextPart>; refusal: boolean }
  | {
      type: "reasoning";
      id: string;
      /** Keel block index, assigned when the block is announced (first summary text or done). */
      block: number | undefined;
      /** Summary parts by `summary_index`, joined with blank lines. */
      summary: Map<number, string>;
      encryptedContent: string | undefined;
      done: boolean;
    }
  | {
      type: "function_call";
      block: number;
      callId: string;
      name: string;
      args: string;
      /** Arguments are final (`…arguments.done` or `output_item.done` arrived). */
      complete: boolean;
      stopped: boolean;
    }
  /** Hosted tools and item types added after this code was written: tracked, never stored. */
  | { type: "other" };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export type Terminal = { status: "completed" } | { status: "incomplete"; reason: string };

/**
 * The assistant content of a finished response, in output order (by `output_index`, then
 * content part): text parts, reasoning items as (redacted) thinking carrying their marker,
 * and function calls whose arguments are a complete JSON object. Calls that are not are
 * listed in `incompleteToolUses` instead, never returned as runnable.
 */
export function responseContent(
  items: ReadonlyMap<number, ItemState>,
  stopReason: StopReason,
): { content: AssistantContent[]; incompleteToolUses: ModelResponse["incompleteToolUses"] } {
  const blocks: Array<{ order: [number, number]; block: AssistantContent }> = [];
  const incompleteToolUses: ModelResponse["incompleteToolUses"] = [];
  for (const [outputIndex, item] of items) {
    switch (item.type) {
      case "message":
        for (const [contentIndex, part] of item.parts) {
          if (part.text !== "") {
            blocks.push({ order: [outputIndex, contentIndex], block: { type: "text", text: part.text } });
          }
        }
        break;
      case "reasoning": {
        // Only a finished item carries its encrypted content; a cut-off one cannot be sent back.
        if (!item.done || item.id === "") break;
        const ref = {
          id: item.id,
          ...(item.encryptedContent ? { encryptedContent: item.encryptedContent } : {}),
        };
        const marker = encodeResponsesReasoning(ref);
        const thinking = reasoningText(item);
        blocks.push({
          order: [outputIndex, 0],
          block:
            thinking === ""
              ? { type: "redacted_thinking", data: marker }
              : { type: "thinking", thinking, signature: marker },
        });
        break;
      }
      case "function_call": {
        const input = item.complete ? parseArguments(item.args) : undefined;
        if (input) {
          blocks.push({
            order: [outputIndex, 0],
            block: { type: "tool_use", id: item.callId, name: item.name, input },
          });
        } else {
          incompleteToolUses.push({
            id: item.callId,
            name: item.name,
            reason: incompleteReason(item.complete, stopReason),
          });
        }
        break;
      }
      case "other":
        break;
    }
  }
  blocks.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  const content = blocks.map((b) => b.block);
  return { content, incompleteToolUses };
}

/** The thinking text of a reasoning item: its summary parts as paragraphs. */
export function reasoningText(item: { summary: Map<number, string> }): string {
  return [...item.summary.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, text]) => text)
    .filter((text) => text !== "")
    .join("\n\n");
}

function incompleteReason(complete: boolean, stopReason: StopReason): string {
  if (complete) return "its arguments were not a valid JSON object, so it was not run";
  if (stopReason === "max_tokens") {
    return "cut off by max_output_tokens before its arguments were complete, so it was not run (raise max_tokens or ask for smaller steps)";
  }
  return "the stream ended before its arguments were complete, so it was not run";
}

/** Parses function-call arguments; `""` means `{}`. Undefined when not a JSON object. */
function parseArguments(json: string): Record<string, unknown> | undefined {
  if (json.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(json);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
