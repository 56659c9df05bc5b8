import {
  type AssistantContent,
  type ModelResponse,
  type ProviderEvent,
  STOP_REASONS,
  type StopReason,
  type Usage,
} from "@keel/protocol";
import { ProviderError } from "../provider-error.js";

type Json = Record<string, unknown>;

type BlockState =
  | { type: "text"; text: string; stopped: boolean }
  | { type: "thinking"; thinking: string; signature: string; stopped: boolean }
  | { type: "redacted_thinking"; data: string; stopped: boolean }
  | { type: "tool_use"; id: string; name: string; json: string; stopped: boolean }
  /** Block types Keel does not model (server tools, future types): tracked, never stored. */
  | { type: "other"; stopped: boolean };

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");

function toStopReason(value: unknown): StopReason {
  return STOP_REASONS.find((r) => r === value) ?? "end_turn";
}

const USAGE_FIELDS = [
  ["input_tokens", "inputTokens"],
  ["output_tokens", "outputTokens"],
  ["cache_creation_input_tokens", "cacheCreationInputTokens"],
  ["cache_read_input_tokens", "cacheReadInputTokens"],
] as const;

/**
 * Turns raw Messages API stream events into Keel provider events and, at the end, one
 * `ModelResponse`. Blocks are addressed by their `index`, never "the last block"; tool input
 * JSON is concatenated and parsed once at `content_block_stop`; usage is cumulative (later
 * values overwrite, absent fields keep their previous value). Unknown events and deltas are
 * ignored.
 */
export class AnthropicStreamAssembler {
  readonly #blocks = new Map<number, BlockState>();
  readonly #usage: Usage = {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  };
  #id: string | undefined;
  #model: string | undefined;
  #stopReason: StopReason = "end_turn";
  #stopped = false;

  /** Feeds one parsed wire event; returns the provider events it produces (often none or one). */
  accept(event: unknown): ProviderEvent[] {
    if (!isObject(event)) return [];
    switch (event.type) {
      case "message_start": {
        const message = isObject(event.message) ? event.message : {};
        this.#id = typeof message.id === "string" ? message.id : undefined;
        this.#model = typeof message.model === "string" ? message.model : undefined;
        const start: ProviderEvent = { type: "message_start" };
        if (this.#id !== undefined) start.id = this.#id;
        if (this.#model !== undefined) start.model = this.#model;
        return [start, ...this.#mergeUsage(message.usage)];
      }
      case "content_block_start":
        return this.#startBlock(event);
      case "content_block_delta":
        return this.#applyDelta(event);
      case "content_block_stop": {
        const block = typeof event.index === "number" ? this.#blocks.get(event.index) : undefined;
        if (!block || block.stopped) return [];
        block.stopped = true;
        return block.type === "other" ? [] : [{ type: "block_end", index: event.index as number }];
      }
      case "message_delta": {
        const delta = isObject(event.delta) ? event.delta : {};
        if (delta.stop_reason != null) this.#stopReason = toStopReason(delta.stop_reason);
        return this.#mergeUsage(event.usage);
      }
      case "message_stop":
        this.#stopped = true;
        return [];
      default:
        return []; // ping and event types added after this code was written
    }
  }

  #startBlock(event: Json): ProviderEvent[] {
    const index = event.index;
    const block = event.content_block;
    if (typeof index !== "number" || !isObject(block)) return [];
    switch (block.type) {
      case "text":
        this.#blocks.set(index, { type: "text", text: str(block.text), stopped: false });
        return [{ type: "block_start", index, block: { type: "text" } }];
      case "thinking":
        this.#blocks.set(index, {
          type: "thinking",
          thinking: str(block.thinking),
          signature: str(block.signature),
          stopped: false,
        });
        return [{ type: "block_start", index, block: { type: "thinking" } }];
      case "redacted_thinking":
        this.#blocks.set(index, { type: "redacted_thinking", data: str(block.data), stopped: false });
        return [{ type: "block_start", index, block: { type: "redacted_thinking" } }];
      case "tool_use": {
        // `input: {}` here is a placeholder, not a prefix of the streamed JSON.
        const id = str(block.id);
        const name = str(block.name);
        this.#blocks.set(index, { type: "tool_use", id, name, json: "", stopped: false });
        return [{ type: "block_start", index, block: { type: "tool_use", id, name } }];
      }
      default:
        this.#blocks.set(index, { type: "other", stopped: false });
        return [];
    }
  }

  #applyDelta(event: Json): ProviderEvent[] {
    const index = event.index;
    const delta = event.delta;
    if (typeof index !== "number" || !isObject(delta)) return [];
    const block = this.#blocks.get(index);
    if (!block) return [];
    if (delta.type === "text_delta" && block.type === "text") {
      const text = str(delta.text);
      block.text += text;
      return text ? [{ type: "text_delta", index, text }] : [];
    }
    if (delta.type === "thinking_delta" && block.type === "thinking") {
      const thinking = str(delta.thinking);
      block.thinking += thinking;
      return thinking ? [{ type: "thinking_delta", index, thinking }] : [];
    }
    if (delta.type === "signature_delta" && block.type === "thinking") {
      block.signature = str(delta.signature);
      return [];
    }
    if (delta.type === "input_json_delta" && block.type === "tool_use") {
      const partialJson = str(delta.partial_json);
      block.json += partialJson;
      return partialJson ? [{ type: "tool_input_delta", index, partialJson }] : [];
    }
    return []; // citations_delta and future delta types
  }

  #mergeUsage(usage: unknown): ProviderEvent[] {
    if (!isObject(usage)) return [];
    for (const [wire, keel] of USAGE_FIELDS) {
      const value = usage[wire];
      if (typeof value === "number") this.#usage[keel] = value;
    }
    return [{ type: "usage", usage: { ...this.#usage } }];
  }

  /**
   * The complete response. Throws a retryable `network` ProviderError when `message_stop` never
   * arrived: the stream was cut and the message is not trustworthy.
   */
  finish(): ModelResponse {
    if (!this.#stopped) {
      throw new ProviderError({
        kind: "network",
        retryable: true,
        message:
          "The Anthropic stream ended before message_stop (connection cut mid-response); retrying is safe.",
      });
    }
    const content: AssistantContent[] = [];
    const incompleteToolUses: ModelResponse["incompleteToolUses"] = [];
    const indexes = [...this.#blocks.keys()].sort((a, b) => a - b);
    for (const index of indexes) {
      const block = this.#blocks.get(index);
      if (!block) continue;
      switch (block.type) {
        case "text":
          if (block.text !== "") content.push({ type: "text", text: block.text });
          break;
        case "thinking":
          // A thinking block cut off before its signature cannot be sent back; drop it.
          if (block.stopped && block.signature !== "") {
            content.push({ type: "thinking", thinking: block.thinking, signature: block.signature });
          }
          break;
        case "redacted_thinking":
          content.push({ type: "redacted_thinking", data: block.data });
          break;
        case "tool_use": {
          const input = block.stopped ? parseToolInput(block.json) : undefined;
          if (input) {
            content.push({ type: "tool_use", id: block.id, name: block.name, input });
          } else {
            incompleteToolUses.push({
              id: block.id,
              name: block.name,
              reason: this.#incompleteReason(block.stopped),
            });
          }
          break;
        }
        case "other":
          break;
      }
    }
    const message: ModelResponse["message"] = {
      role: "assistant",
      content,
      stopReason: this.#stopReason,
      usage: { ...this.#usage },
    };
    if (this.#id !== undefined) message.id = this.#id;
    if (this.#model !== undefined) message.model = this.#model;
    return { message, stopReason: this.#stopReason, usage: { ...this.#usage }, incompleteToolUses };
  }

  #incompleteReason(stopped: boolean): string {
    if (stopped) return "its input was not valid JSON, so it was not run";
    if (this.#stopReason === "max_tokens") {
      return "cut off by max_tokens before its input was complete, so it was not run (raise max_tokens or ask for smaller steps)";
    }
    return "the stream ended before its input was complete, so it was not run";
  }
}

/** Parses streamed tool input; `""` (no input deltas) means `{}`. Undefined when not a JSON object. */
function parseToolInput(json: string): Record<string, unknown> | undefined {
  if (json.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(json);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
