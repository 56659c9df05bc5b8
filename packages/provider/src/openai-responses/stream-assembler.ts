import type { ModelResponse, ProviderEvent, StopReason, Usage } from "@keel/protocol";
import { ProviderError } from "../provider-error.js";
import { classifyResponsesErrorEvent } from "./error-classification.js";
import {
  type ItemState,
  reasoningText,
  responseContent,
  type Terminal,
  type TextPart,
} from "./output-items.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

/**
 * Turns raw Responses API stream events into Keel provider events and, at the end, one
 * `ModelResponse`. Output items are addressed by `output_index` (falling back to `item_id`),
 * never "the last item"; each text part, reasoning item and function call is one Keel block,
 * numbered in the order it first appears. Function-call arguments are parsed once they are
 * final. Unknown events are ignored; `error` and `response.failed` throw a classified error.
 */
export class ResponsesStreamAssembler {
  readonly #items = new Map<number, ItemState>();
  readonly #outputIndexById = new Map<string, number>();
  readonly #usage: Usage = {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  };
  #nextBlock = 0;
  #id: string | undefined;
  #model: string | undefined;
  #started = false;
  #terminal: Terminal | undefined;

  /** Feeds one parsed wire event; returns the provider events it produces (often none or one). */
  accept(event: unknown): ProviderEvent[] {
    if (!isObject(event)) return [];
    const out: ProviderEvent[] = [];
    if (!this.#started && event.type !== "error") {
      this.#started = true;
      const response = isObject(event.response) ? event.response : {};
      this.#noteResponse(response);
      const start: ProviderEvent = { type: "message_start" };
      if (this.#id !== undefined) start.id = this.#id;
      if (this.#model !== undefined) start.model = this.#model;
      out.push(start);
    }
    out.push(...this.#dispatch(event));
    return out;
  }

  #dispatch(event: Json): ProviderEvent[] {
    switch (event.type) {
      case "response.output_item.added":
        return this.#itemAdded(event);
      case "response.content_part.added":
        return this.#partAdded(event);
      case "response.output_text.delta":
      case "response.refusal.delta":
        return this.#textDelta(event);
      case "response.output_text.done":
      case "response.refusal.done":
        return this.#textDone(event);
      case "response.content_part.done":
        return this.#stopPart(event);
      case "response.reasoning_summary_text.delta":
        return this.#summaryDelta(event);
      case "response.function_call_arguments.delta":
        return this.#argumentsDelta(event);
      case "response.function_call_arguments.done":
        return this.#argumentsDone(event);
      case "response.output_item.done":
        return this.#itemDone(num(event.output_index), event.item);
      case "response.completed":
      case "response.incomplete":
        return this.#finishResponse(event);
      case "response.failed": {
        const response = isObject(event.response) ? event.response : {};
        const error = isObject(response.error) ? response.error : {};
        throw classifyResponsesErrorEvent(
          str(error.code) || null,
          str(error.type) || null,
          str(error.message) || "the response failed",
        );
      }
      case "error": {
        // Two shapes in the wild: `{code, message}` at the top level, or nested in `error`.
        const error = isObject(event.error) ? event.error : event;
        throw classifyResponsesErrorEvent(
          str(error.code) || null,
          str(error.type) || null,
          str(error.message) || "error event",
        );
      }
      default:
        return []; // response.created/in_progress (handled above), hosted tools, future events
    }
  }

  #noteResponse(response: Json): void {
    if (typeof response.id === "string") this.#id = response.id;
    if (typeof response.model === "string") this.#model = response.model;
  }

  /** The output index an event refers to: its `output_index`, else the index of its `item_id`. */
  #indexOf(event: Json): number | undefined {
    return num(event.output_index) ?? this.#outputIndexById.get(str(event.item_id));
  }

  #itemAdded(event: Json): ProviderEvent[] {
    const outputIndex = num(event.output_index);
    const item = event.item;
    if (outputIndex === undefined || !isObject(item) || this.#items.has(outputIndex)) return [];
    return this.#track(outputIndex, item);
  }

  /** Starts tracking an output item; returns the block_start it announces, if any. */
  #track(outputIndex: number, item: Json): ProviderEvent[] {
    if (typeof item.id === "string") this.#outputIndexById.set(item.id, outputIndex);
    switch (item.type) {
      case "message":
        this.#items.set(outputIndex, { type: "message", parts: new Map(), refusal: false });
        return [];
      case "reasoning":
        this.#items.set(outputIndex, {
          type: "reasoning",
          id: str(item.id),
          block: undefined,
          summary: new Map(),
          encryptedContent: undefined,
          done: false,
        });
        return [];
      case "function_call": {
        const block = this.#nextBlock++;
        const id = str(item.call_id);
        const name = str(item.name);
        // `arguments` is "" when added; only output_item.done carries the full value.
        this.#items.set(outputIndex, {
          type: "function_call",
          block,
          callId: id,
          name,
          args: "",
          complete: false,
          stopped: false,
        });
        return [{ type: "block_start", index: block, block: { type: "tool_use", id, name } }];
      }
      default:
        this.#items.set(outputIndex, { type: "other" });
        return [];
    }
  }

  #message(event: Json) {
    const outputIndex = this.#indexOf(event);
    if (outputIndex === undefined) return undefined;
    let item = this.#items.get(outputIndex);
    // A text event for an item never announced (a lenient server): treat it as a message.
    if (!item) {
      item = { type: "message", parts: new Map(), refusal: false };
      this.#items.set(outputIndex, item);
      const itemId = str(event.item_id);
      if (itemId) this.#outputIndexById.set(itemId, outputIndex);
    }
    return item.type === "message" ? item : undefined;
  }

  /** The text part an event addresses, started (with its block_start) on first sight. */
  #part(event: Json, out: ProviderEvent[], refusal = false): TextPart | undefined {
    const item = this.#message(event);
    if (!item) return undefined;
    if (refusal) item.refusal = true;
    const contentIndex = num(event.content_index) ?? 0;
    let part = item.parts.get(contentIndex);
    if (!part) {
      part = { block: this.#nextBlock++, text: "", stopped: false };
      item.parts.set(contentIndex, part);
      out.push({ type: "block_start", index: part.block, block: { type: "text" } });
    }
    return part;
  }

  #partAdded(event: Json): ProviderEvent[] {
    const out: ProviderEvent[] = [];
    const part = isObject(event.part) ? event.part : {};
    this.#part(event, out, part.type === "refusal");
    return out;
  }

  #textDelta(event: Json): ProviderEvent[] {
    const out: ProviderEvent[] = [];
    const part = this.#part(event, out, event.type === "response.refusal.delta");
    const text = str(event.delta);
    if (!part || part.stopped || text === "") return out;
    part.text += text;
    out.push({ type: "text_delta", index: part.block, text });
    return out;
  }

  #textDone(event: Json): ProviderEvent[] {
    const out: ProviderEvent[] = [];
    const refusal = event.type === "response.refusal.done";
    const part = this.#part(event, out, refusal);
    const full = refusal ? event.refusal : event.text;
    if (part && typeof full === "string") part.text = full;
    return out;
  }

  #stopPart(event: Json): ProviderEvent[] {
    const item = this.#message(event);
    const part = item?.parts.get(num(event.content_index) ?? 0);
    if (!part || part.stopped) return [];
    part.stopped = true;
    return [{ type: "block_end", index: part.block }];
  }

  #summaryDelta(event: Json): ProviderEvent[] {
    const outputIndex = this.#indexOf(event);
    const item = outputIndex === undefined ? undefined : this.#items.get(outputIndex);
    const text = str(event.delta);
    if (item?.type !== "reasoning" || item.done || text === "") return [];
    const out: ProviderEvent[] = [];
    if (item.block === undefined) {
      item.block = this.#nextBlock++;
      out.push({ type: "block_start", index: item.block, block: { type: "thinking" } });
    }
    const summaryIndex = num(event.summary_index) ?? 0;
    const previous = item.summary.get(summaryIndex);
    // A new summary part reads as a new paragraph of the one thinking block.
    const separator = previous === undefined && item.summary.size > 0 ? "\n\n" : "";
    item.summary.set(summaryIndex, (previous ?? "") + text);
    out.push({ type: "thinking_delta", index: item.block, thinking: separator + text });
    return out;
  }

  #call(event: Json) {
    const outputIndex = this.#indexOf(event);
    const item = outputIndex === undefined ? undefined : this.#items.get(outputIndex);
    return item?.type === "function_call" ? item : undefined;
  }

  #argumentsDelta(event: Json): ProviderEvent[] {
    const call = this.#call(event);
    const delta = str(event.delta);
    if (!call || call.complete || delta === "") return [];
    call.args += delta;
    return [{ type: "tool_input_delta", index: call.block, partialJson: delta }];
  }

  #argumentsDone(event: Json): ProviderEvent[] {
    const call = this.#call(event);
    if (!call) return [];
    if (typeof event.arguments === "string") call.args = event.arguments;
    call.complete = true;
    return [];
  }

  /** The finished item: authoritative for text, arguments and the reasoning's encrypted content. */
  #itemDone(outputIndex: number | undefined, item: unknown): ProviderEvent[] {
    if (outputIndex === undefined || !isObject(item)) return [];
    const out: ProviderEvent[] = [];
    if (!this.#items.has(outputIndex)) out.push(...this.#track(outputIndex, item));
    const state = this.#items.get(outputIndex);
    switch (state?.type) {
      case "message": {
        const content = Array.isArray(item.content) ? item.content : [];
        content.forEach((c, contentIndex) => {
          if (!isObject(c)) return;
          const text = c.type === "refusal" ? c.refusal : c.text;
          if (typeof text !== "string") return;
          const event: Json = { output_index: outputIndex, content_index: contentIndex };
          const part = this.#part(event, out, c.type === "refusal");
          if (part) part.text = text;
        });
        for (const part of state.parts.values()) {
          if (!part.stopped) out.push({ type: "block_end", index: part.block });
          part.stopped = true;
        }
        break;
      }
      case "reasoning": {
        const summary = Array.isArray(item.summary) ? item.summary.filter(isObject) : [];
        if (summary.length > 0) {
          state.summary = new Map(summary.map((s, i) => [i, str(s.text)]));
        }
        if (typeof item.encrypted_content === "string") state.encryptedContent = item.encrypted_content;
        if (typeof item.id === "string" && item.id !== "") state.id = item.id;
        state.done = true;
        if (state.block === undefined) {
          state.block = this.#nextBlock++;
          const type = reasoningText(state) === "" ? "redacted_thinking" : "thinking";
          out.push({ type: "block_start", index: state.block, block: { type } });
        }
        out.push({ type: "block_end", index: state.block });
        break;
      }
      case "function_call": {
        if (typeof item.arguments === "string") state.args = item.arguments;
        if (typeof item.call_id === "string" && item.call_id !== "") state.callId = item.call_id;
        state.complete = true;
        if (!state.stopped) out.push({ type: "block_end", index: state.block });
        state.stopped = true;
        break;
      }
      default:
        break;
    }
    return out;
  }

  #finishResponse(event: Json): ProviderEvent[] {
    const response = isObject(event.response) ? event.response : {};
    this.#noteResponse(response);
    const out: ProviderEvent[] = [];
    // Items a lenient server reported only in the final response (no output_item events).
    const output = Array.isArray(response.output) ? response.output : [];
    output.forEach((item, outputIndex) => {
      if (!this.#items.has(outputIndex)) out.push(...this.#itemDone(outputIndex, item));
    });
    if (event.type === "response.completed") this.#terminal = { status: "completed" };
    else {
      const details = isObject(response.incomplete_details) ? response.incomplete_details : {};
      this.#terminal = { status: "incomplete", reason: str(details.reason) };
    }
    const usage = isObject(response.usage) ? response.usage : undefined;
    if (usage) {
      const details = isObject(usage.input_tokens_details) ? usage.input_tokens_details : {};
      const cached = num(details.cached_tokens) ?? 0;
      // input_tokens includes the cached ones; Keel counts uncached input separately.
      this.#usage.inputTokens = Math.max(0, (num(usage.input_tokens) ?? 0) - cached);
      this.#usage.cacheReadInputTokens = cached;
      this.#usage.outputTokens = num(usage.output_tokens) ?? 0;
      out.push({ type: "usage", usage: { ...this.#usage } });
    }
    return out;
  }

  /**
   * The complete response. Throws a retryable `network` ProviderError when neither
   * `response.completed` nor `response.incomplete` arrived: the stream was cut.
   */
  finish(): ModelResponse {
    const terminal = this.#terminal;
    if (!terminal) {
      throw new ProviderError({
        kind: "network",
        retryable: true,
        message:
          "The OpenAI stream ended before response.completed (connection cut mid-response); retrying is safe.",
      });
    }
    const stopReason = this.#stopReason(terminal);
    const { content, incompleteToolUses } = responseContent(this.#items, stopReason);
    const message: ModelResponse["message"] = {
      role: "assistant",
      content,
      stopReason,
      usage: { ...this.#usage },
    };
    if (this.#id !== undefined) message.id = this.#id;
    if (this.#model !== undefined) message.model = this.#model;
    return { message, stopReason, usage: { ...this.#usage }, incompleteToolUses };
  }

  #stopReason(terminal: Terminal): StopReason {
    if (terminal.status === "incomplete") {
      if (terminal.reason === "max_output_tokens") return "max_tokens";
      if (terminal.reason === "content_filter") return "refusal";
      return "end_turn";
    }
    const items = [...this.#items.values()];
    if (items.some((i) => i.type === "function_call")) return "tool_use";
    const refused = items.some((i) => i.type === "message" && i.refusal);
    return refused ? "refusal" : "end_turn";
  }
}
