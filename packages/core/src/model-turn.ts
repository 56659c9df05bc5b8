import type { AgentEventBody, ModelResponse, ProviderEvent, TextBlock } from "@keel/protocol";
import { type ModelProvider, type ModelRequest, ProviderError, streamWithRetry } from "@keel/provider";
import { newUuid } from "./agent-ids.js";

/** Partial output of the attempt in flight, kept so an abort can store what the user saw. */
class PartialOutput {
  private texts = new Map<number, string>();
  private toolIds = new Map<number, string>();
  private deltas = false;
  /** Retries reported so far for the current model. */
  retries = 0;

  reset(): void {
    this.texts.clear();
    this.toolIds.clear();
    this.deltas = false;
  }

  /** Whether the attempt in flight has streamed any delta (renderers may be showing it). */
  shown(): boolean {
    return this.deltas;
  }

  observe(event: ProviderEvent): void {
    if (event.type === "text_delta" || event.type === "thinking_delta" || event.type === "tool_input_delta")
      this.deltas = true;
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
  /** `model`: the model that answered (the fallback's after a switch); price the usage with it. */
  | { kind: "response"; response: ModelResponse; apiMs: number; model: string }
  | { kind: "aborted"; partial: TextBlock[]; apiMs: number }
  | { kind: "error"; error: ProviderError; apiMs: number };

type AttemptOutcome =
  | { kind: "response"; response: ModelResponse }
  | { kind: "aborted"; partial: TextBlock[] }
  | { kind: "error"; error: ProviderError };

export interface ModelTurnOptions {
  provider: ModelProvider;
  request: ModelRequest;
  signal: AbortSignal;
  retry: { maxRetries?: number; idleTimeoutMs?: number; baseDelayMs?: number; maxDelayMs?: number };
  emit: (event: AgentEventBody) => void;
  /** Asked once when the primary model is still overloaded after all retries (`--fallback-model`). */
  fallback?: { model: string; provider: ModelProvider };
}

/**
 * One model request through the retry policy, re-emitting deltas as agent events. When the
 * primary model is still `overloaded` after all retries and a fallback is configured, the same
 * request is sent once more to the fallback model (its own provider, its own retries), after a
 * `warning` that says so. Never throws for provider failures: they come back as an outcome.
 */
export async function runModelTurn(options: ModelTurnOptions): Promise<ModelTurnOutcome> {
  const { request, signal, emit, fallback } = options;
  const started = performance.now();
  const apiMs = () => Math.round(performance.now() - started);
  const partial = new PartialOutput();
  const first = await streamOnce(options.provider, request, options, partial);
  if (first.kind === "response") return { ...first, apiMs: apiMs(), model: request.model };
  const sameModel = fallback?.model === request.model && fallback?.provider === options.provider;
  if (first.kind !== "error" || first.error.kind !== "overloaded" || !fallback || sameModel || signal.aborted)
    return { ...first, apiMs: apiMs() };

  emit({
    type: "warning",
    message: `Model "${request.model}" is overloaded (${first.error.message}); retrying this request once with the fallback model "${fallback.model}".`,
  });
  if (partial.shown()) {
    // The failed attempt streamed deltas: tell renderers to drop them before the fallback's arrive.
    emit({
      type: "retry",
      uuid: newUuid(),
      attempt: partial.retries + 1,
      maxRetries: partial.retries + 1,
      delayMs: 0,
      status: first.error.status,
      errorKind: first.error.kind,
      message: `Switching to the fallback model "${fallback.model}".`,
      withdrawPartial: true,
    });
  }
  partial.reset();
  partial.retries = 0;
  const second = await streamOnce(fallback.provider, { ...request, model: fallback.model }, options, partial);
  if (second.kind === "response") return { ...second, apiMs: apiMs(), model: fallback.model };
  if (second.kind === "aborted") return { ...second, apiMs: apiMs() };
  const error = new ProviderError({
    ...second.error.toInfo(),
    message: `${second.error.message} (fallback model "${fallback.model}"; the primary model "${request.model}" was overloaded)`,
    cause: second.error,
  });
  return { kind: "error", error, apiMs: apiMs() };
}

/** `request` through `streamWithRetry` on `provider`, deltas re-emitted; failures as outcomes. */
async function streamOnce(
  provider: ModelProvider,
  request: ModelRequest,
  options: ModelTurnOptions,
  partial: PartialOutput,
): Promise<AttemptOutcome> {
  const { signal, emit } = options;
  try {
    const events = streamWithRetry(provider, request, {
      ...options.retry,
      signal,
      onRetry: (info) => {
        partial.reset();
        partial.retries++;
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
          return { kind: "response", response: event.response };
        default:
          break;
      }
    }
    if (signal.aborted) return { kind: "aborted", partial: partial.textBlocks() };
    return {
      kind: "error",
      error: new ProviderError({
        kind: "network",
        message: "The model stream ended without a complete message.",
        retryable: false,
      }),
    };
  } catch (err) {
    if (signal.aborted || (err instanceof ProviderError && err.kind === "aborted")) {
      return { kind: "aborted", partial: partial.textBlocks() };
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
    return { kind: "error", error };
  }
}
