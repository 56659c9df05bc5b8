import type { AssistantContent, ModelResponse, ProviderEvent, StopReason, Usage } from "@keel/protocol";
import type { ModelProvider, ModelRequest } from "../model-provider.js";
import { abortedError, ProviderError } from "../provider-error.js";

/** One scripted model response (or failure) for loop tests. */
export interface ScriptedTurn {
  /** Assistant content, streamed as deltas then returned in `message_end`. Default []. */
  content?: AssistantContent[];
  /** Default: `tool_use` if the content has a tool_use block, else `end_turn`. */
  stopReason?: StopReason;
  /** Missing fields are 0. */
  usage?: Partial<Usage>;
  /** Tool calls reported as cut off (not in `content`), as a truncated stream would. */
  incompleteToolUses?: ModelResponse["incompleteToolUses"];
  /** Thrown instead of completing; the turn is consumed, so a retry gets the next turn. */
  error?: ProviderError;
  /** Events emitted before `error` is thrown. Default 0 (fails before any event). */
  errorAfterEvents?: number;
}

export type ScriptedTurns = ScriptedTurn[] | ((request: ModelRequest, index: number) => ScriptedTurn);

export interface ScriptedProviderOptions {
  /** Provider id. Default `scripted`. */
  id?: string;
  /** Characters per text/thinking delta and per tool-input delta. Default 4. */
  chunkSize?: number;
}

function chunks(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

function usageOf(partial: Partial<Usage> | undefined): Usage {
  return {
    inputTokens: partial?.inputTokens ?? 0,
    outputTokens: partial?.outputTokens ?? 0,
    cacheCreationInputTokens: partial?.cacheCreationInputTokens ?? 0,
    cacheReadInputTokens: partial?.cacheReadInputTokens ?? 0,
  };
}

/**
 * A `ModelProvider` without HTTP: replays scripted turns as real-looking event streams (text and
 * tool input in several deltas) and records a deep copy of every request in `requests`.
 */
export class ScriptedProvider implements ModelProvider {
  readonly id: string;
  /** Every request received, deep-copied at the time of the call. */
  readonly requests: ModelRequest[] = [];
  readonly #turns: ScriptedTurns;
  readonly #chunkSize: number;

  constructor(turns: ScriptedTurns, options: ScriptedProviderOptions = {}) {
    this.#turns = turns;
    this.id = options.id ?? "scripted";
    this.#chunkSize = Math.max(1, options.chunkSize ?? 4);
  }

  #turnFor(request: ModelRequest, index: number): ScriptedTurn {
    if (typeof this.#turns === "function") return this.#turns(request, index);
    const turn = this.#turns[index];
    if (turn) return turn;
    throw new ProviderError({
      kind: "invalid_request",
      retryable: false,
      message: `ScriptedProvider: request #${index} has no scripted turn (the script has ${this.#turns.length}). Add a turn to the test.`,
    });
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
    const index = this.requests.length;
    this.requests.push(structuredClone(request));
    const turn = this.#turnFor(request, index);
    const events = this.#events(turn, index, request.model);
    const failAt = turn.error
      ? Math.min(turn.errorAfterEvents ?? 0, events.length - 1)
      : Number.POSITIVE_INFINITY;
    for (const [i, event] of events.entries()) {
      // Yield to the event loop so aborts and interleavings behave as with a real stream.
      await Promise.resolve();
      if (signal.aborted) throw abortedError(signal.reason);
      if (i === failAt && turn.error) throw turn.error;
      yield event;
    }
  }

  #events(turn: ScriptedTurn, index: number, model: string): ProviderEvent[] {
    const content = structuredClone(turn.content ?? []);
    const usage = usageOf(turn.usage);
    const stopReason =
      turn.stopReason ?? (content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn");
    const id = `msg_scripted_${index}`;
    const events: ProviderEvent[] = [{ type: "message_start", id, model }];
    for (const [i, block] of content.entries()) {
      switch (block.type) {
        case "text":
          events.push({ type: "block_start", index: i, block: { type: "text" } });
          for (const text of chunks(block.text, this.#chunkSize))
            events.push({ type: "text_delta", index: i, text });
          break;
        case "thinking":
          events.push({ type: "block_start", index: i, block: { type: "thinking" } });
          for (const thinking of chunks(block.thinking, this.#chunkSize)) {
            events.push({ type: "thinking_delta", index: i, thinking });
          }
          break;
        case "redacted_thinking":
          events.push({ type: "block_start", index: i, block: { type: "redacted_thinking" } });
          break;
        case "tool_use":
          events.push({
            type: "block_start",
            index: i,
            block: { type: "tool_use", id: block.id, name: block.name },
          });
          for (const partialJson of chunks(JSON.stringify(block.input), this.#chunkSize)) {
            events.push({ type: "tool_input_delta", index: i, partialJson });
          }
          break;
      }
      events.push({ type: "block_end", index: i });
    }
    events.push({ type: "usage", usage });
    events.push({
      type: "message_end",
      response: {
        message: { role: "assistant", content, id, model, stopReason, usage: { ...usage } },
        stopReason,
        usage: { ...usage },
        incompleteToolUses: structuredClone(turn.incompleteToolUses ?? []),
      },
    });
    return events;
  }
}
