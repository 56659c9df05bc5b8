import type { AssistantContent, ModelResponse, ProviderEvent, StopReason, Usage } from "@keel/protocol";
import { ProviderError } from "../provider-error.js";
import type { ResolvedChatQuirks } from "./chat-quirks.js";
import { ToolCallAssembly, type ToolCallFragment, type ToolCallState } from "./tool-call-assembly.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");
const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

const FINISH_REASONS: Record<string, StopReason> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  function_call: "tool_use",
  content_filter: "refusal",
};

/**
 * Turns Chat Completions chunks into Keel provider events and, at the end, one `ModelResponse`.
 * Blocks are numbered in order of first appearance (reasoning, text, each tool call) and keep
 * that index: later text continues the one text block, later reasoning the one thinking block.
 * Tool calls are assembled by their wire index (see ToolCallAssembly); their arguments are parsed
 * once, at the end. Only choice 0 is read (Keel never asks for `n > 1`). Unknown fields and
 * chunks are ignored.
 */
export class ChatStreamAssembler {
  readonly #quirks: ResolvedChatQuirks;
  readonly #toolCalls: ToolCallAssembly;
  readonly #usage: Usage = {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  };
  #started = false;
  #id: string | undefined;
  #model: string | undefined;
  #nextBlockIndex = 0;
  #thinking: { index: number; text: string } | undefined;
  #text: { index: number; text: string } | undefined;
  #refused = false;
  #finishReason: string | undefined;
  #blocksEnded = false;

  constructor(quirks: ResolvedChatQuirks) {
    this.#quirks = quirks;
    this.#toolCalls = new ToolCallAssembly({ trustIndex: !quirks.toolCallsWithoutIndex });
  }

  /** Feeds one parsed chunk; returns the provider events it produces. */
  accept(chunk: unknown): ProviderEvent[] {
    if (!isObject(chunk)) return [];
    const events: ProviderEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      if (typeof chunk.id === "string" && chunk.id !== "") this.#id = chunk.id;
      if (typeof chunk.model === "string" && chunk.model !== "") this.#model = chunk.model;
      const start: ProviderEvent = { type: "message_start" };
      if (this.#id !== undefined) start.id = this.#id;
      if (this.#model !== undefined) start.model = this.#model;
      events.push(start);
    }
    // The usage-only chunk has `choices: []`; never index into it blindly.
    const choices = Array.isArray(chunk.choices) ? chunk.choices.filter(isObject) : [];
    const choice = choices.find((c) => c.index === 0 || c.index === undefined);
    if (choice) events.push(...this.#applyChoice(choice));
    if (isObject(chunk.usage)) events.push(this.#mergeUsage(chunk.usage));
    return events;
  }

  #applyChoice(choice: Json): ProviderEvent[] {
    const events: ProviderEvent[] = [];
    const delta = isObject(choice.delta) ? choice.delta : {};
    // DeepSeek-style servers send `reasoning_content`, others `reasoning`; never count both.
    const reasoning = str(delta.reasoning_content) || str(delta.reasoning);
    if (reasoning !== "") {
      if (!this.#thinking) {
        this.#thinking = { index: this.#nextBlockIndex++, text: "" };
        events.push({ type: "block_start", index: this.#thinking.index, block: { type: "thinking" } });
      }
      this.#thinking.text += reasoning;
      events.push({ type: "thinking_delta", index: this.#thinking.index, thinking: reasoning });
    }
    // A refusal is shown and stored as text; the stop reason says it was one.
    const refusal = str(delta.refusal);
    if (refusal !== "") this.#refused = true;
    const text = str(delta.content) + refusal;
    if (text !== "") {
      if (!this.#text) {
        this.#text = { index: this.#nextBlockIndex++, text: "" };
        events.push({ type: "block_start", index: this.#text.index, block: { type: "text" } });
      }
      this.#text.text += text;
      events.push({ type: "text_delta", index: this.#text.index, text });
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const raw of delta.tool_calls) {
        if (isObject(raw)) events.push(...this.#applyToolCall(raw));
      }
    }
    const finish = choice.finish_reason;
    if (typeof finish === "string" && finish !== "") {
      this.#finishReason = finish;
      events.push(...this.#endBlocks());
    }
    return events;
  }

  #applyToolCall(raw: Json): ProviderEvent[] {
    const fn = isObject(raw.function) ? raw.function : {};
    const fragment: ToolCallFragment = {
      index: num(raw.index),
      id: str(raw.id),
      name: str(fn.name),
      arguments: str(fn.arguments),
    };
    const routed = this.#toolCalls.route(fragment, () => this.#nextBlockIndex++);
    if (!routed) return [];
    const { call, opened } = routed;
    const events: ProviderEvent[] = [];
    if (opened) {
      events.push({
        type: "block_start",
        index: call.blockIndex,
        block: { type: "tool_use", id: call.id, name: call.name },
      });
    }
    if (fragment.arguments !== "") {
      events.push({ type: "tool_input_delta", index: call.blockIndex, partialJson: fragment.arguments });
    }
    return events;
  }

  /** `block_end` for every block, in index order, once: the message is complete at finish_reason. */
  #endBlocks(): ProviderEvent[] {
    if (this.#blocksEnded) return [];
    this.#blocksEnded = true;
    const indexes = [
      this.#thinking?.index,
      this.#text?.index,
      ...this.#toolCalls.calls.map((c) => c.blockIndex),
    ];
    return indexes
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b)
      .map((index) => ({ type: "block_end", index }));
  }

  #mergeUsage(usage: Json): ProviderEvent {
    const prompt = num(usage.prompt_tokens);
    const details = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
    // OpenAI reports cached tokens in the details; DeepSeek as prompt_cache_hit_tokens.
    const cached = num(details.cached_tokens) ?? num(usage.prompt_cache_hit_tokens) ?? 0;
    if (prompt !== undefined) {
      this.#usage.cacheReadInputTokens = Math.min(cached, prompt);
      this.#usage.inputTokens = prompt - this.#usage.cacheReadInputTokens;
    }
    const completion = num(usage.completion_tokens);
    if (completion !== undefined) this.#usage.outputTokens = completion;
    return { type: "usage", usage: { ...this.#usage } };
  }

  #stopReason(): StopReason {
    const reason = this.#finishReason ?? "stop";
    if (reason === "stop") {
      if (this.#quirks.stopWithToolCalls && this.#toolCalls.calls.length > 0) return "tool_use";
      if (this.#refused) return "refusal";
    }
    return FINISH_REASONS[reason] ?? "end_turn";
  }

  /**
   * The complete response. Throws a retryable `network` ProviderError when no finish_reason
   * arrived: the stream was cut and the message is not trustworthy. (A stream cut after the
   * finish_reason only loses the usage chunk, so the message is kept.)
   */
  finish(): ModelResponse {
    if (this.#finishReason === undefined) {
      throw new ProviderError({
        kind: "network",
        retryable: true,
        message:
          "The OpenAI chat stream ended before a finish_reason (connection cut mid-response); retrying is safe.",
      });
    }
    const stopReason = this.#stopReason();
    const blocks: Array<{ index: number; block: AssistantContent }> = [];
    const incompleteToolUses: ModelResponse["incompleteToolUses"] = [];
    if (this.#thinking && this.#thinking.text !== "") {
      // Chat Completions reasoning carries no signature; adapters that need one drop it.
      blocks.push({
        index: this.#thinking.index,
        block: { type: "thinking", thinking: this.#thinking.text, signature: "" },
      });
    }
    if (this.#text && this.#text.text !== "") {
      blocks.push({ index: this.#text.index, block: { type: "text", text: this.#text.text } });
    }
    for (const call of this.#toolCalls.calls) {
      const input = parseArguments(call.json, stopReason);
      if (input) {
        blocks.push({
          index: call.blockIndex,
          block: { type: "tool_use", id: call.id, name: call.name, input },
        });
      } else {
        incompleteToolUses.push({ id: call.id, name: call.name, reason: incompleteReason(call, stopReason) });
      }
    }
    const content = blocks.sort((a, b) => a.index - b.index).map((b) => b.block);
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
}

function incompleteReason(call: ToolCallState, stopReason: StopReason): string {
  if (stopReason === "max_tokens") {
    return "cut off by max_tokens before its arguments were complete, so it was not run (raise max_tokens or ask for smaller steps)";
  }
  return `its arguments were not valid JSON (${call.json.length} characters received), so it was not run`;
}

/**
 * Parses streamed arguments. No arguments at all means `{}` (some servers send nothing for a
 * tool without parameters), unless max_tokens cut the call off.
 */
function parseArguments(json: string, stopReason: StopReason): Record<string, unknown> | undefined {
  if (json.trim() === "") return stopReason === "max_tokens" ? undefined : {};
  try {
    const value: unknown = JSON.parse(json);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
