import type { AgentEventBody, ModelResponse, ProviderEvent, TextBlock } from "@keel/protocol";
import { type ModelProvider, type ModelRequest, ProviderError, streamWithRetry } from "@keel/provider";
import { newUuid } from "./agent-ids.js";

/** Partial output of the attempt in flight, kept so an abort can store what the user saw. */
class PartialOutput {
  private texts = new Map<number, string>();
  private toolIds = new Map<number, string>();

  reset(): void {
    this.texts.clear();
    this.toolIds.clear();
  }

  observe(event: ProviderEvent): void {
    if (event.type === "block_start" && event.block.type === "tool_use")
      this.toolIds.set(event.index, event.block.id);
    if (event.type === "text_delta")
      this.texts.set(event.index, (this.texts.get(event.index) ?? "") + event.text);
  }

  toolUseId(index: number): string {
    return this.toolIds.get(index) ?? "";
  }

  /** Text only: unsigned partial thinking and incomplete tool calls are dropped. */
  textBlocks(): TextBlock[] {
    return [...this.texts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, text]) => ({ type: "text" as const, text }))
      .filter((b) => b.text.length > 0);
  }
}

export type ModelTurnOutcome =
  | { kind: "response"; response: ModelResponse; apiMs: number }
  | { kind: "aborted"; partial: TextBlock[]; apiMs: number }
  | { kind: "error"; error: ProviderError; apiMs: number };

/**
 * One model request through the retry policy, re-emitting deltas as agent events. Never
 * throws for provider failures: they come back as an outcome.
 */
export async function runModelTurn(options: {
  provider: ModelProvider;
  request: ModelRequest;
  signal: AbortSignal;
  retry: { maxRetries?: number; idleTimeoutMs?: number; baseDelayMs?: number; maxDelayMs?: number };
  emit: (event: AgentEventBody) => void;
}): Promise<ModelTurnOutcome> {
  const { provider, request, signal, emit } = options;
  const partial = new PartialOutput();
  const started = performance.now();
  const apiMs = () => Math.round(performance.now() - started);
  try {
    const events = streamWithRetry(provider, request, {
      ...options.retry,
      signal,
      onRetry: (info) => {
        partial.reset();
        emit({ type: "retry", uuid: newUuid(), ...info });
      },
    });
    for await (const event of events) {
      partial.observe(event);
      switch (event.type) {
        case "text_delta":
          emit({ type: "text_delta", index: event.index, text: event.text });
          break;
        case "thinking_delta":
          emit({ type: "thinking_delta", index: event.index, thinking: event.thinking });
          break;
        case "tool_input_delta":
          emit({
            type: "tool_input_delta",
            index: event.index,
            toolUseId: partial.toolUseId(event.index),
            partialJson: event.partialJson,
          });
          break;
        case "message_end":
          return { kind: "response", response: event.response, apiMs: apiMs() };
        default:
          break;
      }
    }
    if (signal.aborted) return { kind: "aborted", partial: partial.textBlocks(), apiMs: apiMs() };
    return {
      kind: "error",
      error: new ProviderError({
        kind: "network",
        message: "The model stream ended without a complete message.",
        retryable: false,
      }),
      apiMs: apiMs(),
    };
  } catch (err) {
    if (signal.aborted || (err instanceof ProviderError && err.kind === "aborted")) {
      return { kind: "aborted", partial: partial.textBlocks(), apiMs: apiMs() };
    }
    const error =
      err instanceof ProviderError
        ? err
        : new ProviderError({
            kind: "network",
            message: err instanceof Error ? err.message : String(err),
            retryable: false,
            cause: err,
          });
    return { kind: "error", error, apiMs: apiMs() };
  }
}
