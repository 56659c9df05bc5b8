import type { ProviderError } from "../provider-error.js";

export interface RetryDelayOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  random: () => number;
}

/**
 * How long to wait before retry number `retriesMade + 1`: the server's `retryAfterMs` when it
 * gave one (capped at `maxRetryAfterMs`), else `min(base·2^n, maxDelay)·(1 − random·0.25)`.
 */
export function retryDelayMs(error: ProviderError, retriesMade: number, options: RetryDelayOptions): number {
  if (error.retryAfterMs !== undefined)
    return Math.min(Math.max(0, error.retryAfterMs), options.maxRetryAfterMs);
  const backoff = Math.min(options.baseDelayMs * 2 ** retriesMade, options.maxDelayMs);
  return Math.round(backoff * (1 - options.random() * 0.25));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
