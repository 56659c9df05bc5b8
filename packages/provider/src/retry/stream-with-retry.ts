import type { ProviderEvent, RetryNotice } from "@keel/protocol";
import type { ModelProvider, ModelRequest } from "../model-provider.js";
import { abortedError, ProviderError } from "../provider-error.js";
import { abortableSleep, retryDelayMs } from "./retry-delay.js";

/** Reported before each wait; core turns it into the `retry` agent event. */
export type RetryInfo = RetryNotice;

export interface StreamWithRetryOptions {
  /** The caller's signal; aborting it ends the stream (or the wait) with a `kind: "aborted"` error. */
  signal: AbortSignal;
  /** Retries after the first attempt. Default 10. */
  maxRetries?: number;
  /** An attempt that yields no event for this long is aborted and retried as a network error. Default 300000. */
  idleTimeoutMs?: number;
  /** First backoff delay. Default 500. */
  baseDelayMs?: number;
  /** Backoff cap. Default 8000. */
  maxDelayMs?: number;
  /** Cap on server-requested waits (retry-after). Default 60000. */
  maxRetryAfterMs?: number;
  /** Called before each wait. Must not throw. */
  onRetry?: (info: RetryInfo) => void;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Waits `ms` or rejects when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

type AttemptOutcome = { ok: true } | { ok: false; error: ProviderError; yieldedDelta: boolean };

const DELTA_TYPES = new Set<ProviderEvent["type"]>(["text_delta", "thinking_delta", "tool_input_delta"]);

/** Marks the idle watchdog firing (distinguishes it from the provider's own failures). */
class IdleTimeout extends Error {}

/**
 * `iterator.next()`, rejected with IdleTimeout (after calling `onIdle`) if nothing arrives for
 * `ms`: neither the next event nor, per `lastActivity()`, any bytes on the wire.
 */
function nextWithin<T>(
  iterator: AsyncIterator<T>,
  ms: number,
  onIdle: () => void,
  lastActivity: () => number,
): Promise<IteratorResult<T>> {
  const pending = iterator.next();
  if (!(ms > 0 && Number.isFinite(ms))) return pending;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const silentFor = performance.now() - Math.max(started, lastActivity());
      if (silentFor < ms) {
        timer = setTimeout(check, ms - silentFor);
        return;
      }
      onIdle();
      reject(new IdleTimeout());
    };
    timer = setTimeout(check, ms);
    pending.then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** One attempt: yields the provider's events; returns how it ended instead of throwing provider failures. */
async function* attempt(
  provider: ModelProvider,
  request: ModelRequest,
  signal: AbortSignal,
  idleTimeoutMs: number,
): AsyncGenerator<ProviderEvent, AttemptOutcome, undefined> {
  // Per-attempt controller: the idle watchdog aborts this attempt without aborting the caller.
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(signal.reason);
  signal.addEventListener("abort", forwardAbort, { once: true });
  if (signal.aborted) controller.abort(signal.reason);
  let lastActivity = 0;
  const hooks = { onActivity: () => (lastActivity = performance.now()) };
  const iterator = provider.stream(request, controller.signal, hooks)[Symbol.asyncIterator]();
  let yieldedDelta = false;
  let completed = false;
  let idle = false;
  try {
    for (;;) {
      let next: IteratorResult<ProviderEvent>;
      try {
        next = await nextWithin(
          iterator,
          idleTimeoutMs,
          () => {
            idle = true;
            controller.abort(new IdleTimeout());
          },
          () => lastActivity,
        );
      } catch (error) {
        if (idle) {
          const message = `The model stream stalled: no data for ${idleTimeoutMs} ms.`;
          return {
            ok: false,
            yieldedDelta,
            error: new ProviderError({ kind: "network", retryable: true, message }),
          };
        }
        if (error instanceof ProviderError) return { ok: false, error, yieldedDelta };
        throw error; // not a provider failure: a bug, surfaced as is
      }
      if (next.done) {
        const message = `Provider "${provider.id}" ended its stream without message_end.`;
        return {
          ok: false,
          yieldedDelta,
          error: new ProviderError({ kind: "network", retryable: true, message }),
        };
      }
      const event = next.value;
      if (DELTA_TYPES.has(event.type)) yieldedDelta = true;
      yield event;
      if (event.type === "message_end") {
        completed = true;
        return { ok: true };
      }
    }
  } finally {
    signal.removeEventListener("abort", forwardAbort);
    if (!completed) {
      controller.abort();
      // Not awaited: a stalled provider may only settle after the abort above takes effect.
      iterator.return?.()?.catch(() => undefined);
    }
  }
}

/**
 * Streams `request` from `provider`, retrying retryable failures — the one place retries live.
 * An attempt that fails before `message_end` is replayed from the start (tools only run after
 * a complete message, so nothing runs twice); `onRetry` reports each wait, with
 * `withdrawPartial` telling renderers to drop deltas they showed from the failed attempt.
 * Throws the last `ProviderError` when it is not retryable or retries are exhausted.
 */
export async function* streamWithRetry(
  provider: ModelProvider,
  request: ModelRequest,
  options: StreamWithRetryOptions,
): AsyncGenerator<ProviderEvent, void, undefined> {
  const { signal } = options;
  const maxRetries = options.maxRetries ?? 10;
  const idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
  const sleep = options.sleep ?? abortableSleep;
  const delayOptions = {
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 8000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    random: options.random ?? Math.random,
  };

  for (let retriesMade = 0; ; retriesMade++) {
    const outcome = yield* attempt(provider, request, signal, idleTimeoutMs);
    if (outcome.ok) return;
    const { error } = outcome;
    if (signal.aborted) throw abortedError(signal.reason);
    if (!error.retryable) throw error;
    if (retriesMade >= maxRetries) {
      if (retriesMade === 0) throw error;
      const message = `${error.message} (gave up after ${retriesMade} ${retriesMade === 1 ? "retry" : "retries"})`;
      throw new ProviderError({ ...error.toInfo(), message, cause: error });
    }
    const delayMs = retryDelayMs(error, retriesMade, delayOptions);
    options.onRetry?.({
      attempt: retriesMade + 1,
      maxRetries,
      delayMs,
      status: error.status,
      errorKind: error.kind,
      message: error.message,
      withdrawPartial: outcome.yieldedDelta,
    });
    try {
      await sleep(delayMs, signal);
    } catch (cause) {
      throw abortedError(cause);
    }
    if (signal.aborted) throw abortedError(signal.reason);
  }
}
