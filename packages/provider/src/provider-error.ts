import type { ProviderErrorInfo, ProviderErrorKind } from "@keel/protocol";

/** The one error class of `@keel/provider`. Messages are written for the user. */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  /** HTTP status, or null when there was no response (reset, idle timeout, error frame). */
  readonly status: number | null;
  readonly retryAfterMs: number | undefined;

  constructor(info: {
    kind: ProviderErrorKind;
    message: string;
    retryable: boolean;
    status?: number | null;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(info.message, info.cause === undefined ? undefined : { cause: info.cause });
    this.name = "ProviderError";
    this.kind = info.kind;
    this.retryable = info.retryable;
    this.status = info.status ?? null;
    this.retryAfterMs = info.retryAfterMs;
  }

  toInfo(): ProviderErrorInfo {
    const info: ProviderErrorInfo = {
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      status: this.status,
    };
    if (this.retryAfterMs !== undefined) info.retryAfterMs = this.retryAfterMs;
    return info;
  }
}

/** The error every provider and the retry policy throw when the caller's signal aborts. */
export function abortedError(cause?: unknown): ProviderError {
  return new ProviderError({
    kind: "aborted",
    retryable: false,
    message: "The model request was aborted.",
    cause,
  });
}
