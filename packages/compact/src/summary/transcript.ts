import type { Message, ToolUseBlock } from "@keel/protocol";
import { estimateTextTokens } from "../estimate/token-estimate.js";
import { toolCallLabel } from "../micro/tool-call-label.js";

/** Caps that keep the summarizer's input small: the summary needs the gist, not the bytes. */
const MAX_TEXT_CHARS = 8_000;
const MAX_RESULT_CHARS = 1_500;
const MAX_INPUT_CHARS = 600;

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)} […${text.length - max} more characters]`;
}

/**
 * A message history as plain-text transcript entries, one per block, for the summarizer: no
 * pairing rules to respect, no thinking signatures, tool output cut to its beginning. Thinking
 * is left out (it is the model's scratch work).
 */
export function transcriptEntries(messages: readonly Message[]): string[] {
  const calls = new Map<string, ToolUseBlock>();
  const out: string[] = [];
  for (const m of messages) {
    for (const b of m.content) {
      switch (b.type) {
        case "text":
          if (b.text.trim().length > 0)
            out.push(`${m.role === "user" ? "User" : "Assistant"}: ${cap(b.text, MAX_TEXT_CHARS)}`);
          break;
        case "image":
          out.push("User: [image]");
          break;
        case "tool_use":
          calls.set(b.id, b);
          out.push(`Assistant called ${b.name} ${cap(JSON.stringify(b.input), MAX_INPUT_CHARS)}`);
          break;
        case "tool_result": {
          const call = calls.get(b.toolUseId);
          const label = call ? toolCallLabel(call) : "a tool";
          const text =
            typeof b.content === "string"
              ? b.content
              : b.content.map((p) => (p.type === "text" ? p.text : "[image]")).join("\n");
          out.push(`Result of ${label}${b.isError ? " (error)" : ""}: ${cap(text, MAX_RESULT_CHARS)}`);
          break;
        }
        default:
          break;
      }
    }
  }
  return out;
}

/** Splits entries into chunks of at most `maxTokens` estimated tokens (an oversized entry is cut). */
export function chunkEntries(entries: readonly string[], maxTokens: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let tokens = 0;
  for (let entry of entries) {
    let t = estimateTextTokens(entry) + 1;
    if (t > maxTokens) {
      entry = cap(entry, maxTokens * 3);
      t = estimateTextTokens(entry) + 1;
    }
    if (tokens + t > maxTokens && current.length > 0) {
      chunks.push(current.join("\n\n"));
      current = [];
      tokens = 0;
    }
    current.push(entry);
    tokens += t;
  }
  if (current.length > 0) chunks.push(current.join("\n\n"));
  return chunks;
}
