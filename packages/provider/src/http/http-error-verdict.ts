import type { ProviderErrorKind } from "@keel/protocol";
import { ProviderError } from "../provider-error.js";
import { parseRetryAfterMs } from "./retry-after.js";

/**
 * What an HTTP error status means, decided the same way for every API (wire-formats.md §3.5);
 * each adapter words the message and may refine retryability (spend caps, quotas).
 */
export type HttpStatusCase =
  | "unauthorized"
  | "forbidden"
  | "payment_required"
  | "rate_limited"
  | "overloaded"
  | "server_error"
  | "context_overflow"
  | "too_large"
  | "rejected";

export interface HttpStatusFacts {
  status: number;
  /** Statuses that mean the server is shedding load: 529 for Anthropic; OpenAI also sends 503. */
  overloadedStatuses: readonly number[];
  /** The body says the prompt exceeds the context window. Only a status not decided earlier consults it. */
  contextOverflow: boolean;
}

/** The cases in order: credentials, throttling, load, server faults, then what is wrong with the request. */
export function httpStatusCase(facts: HttpStatusFacts): HttpStatusCase {
  const { status } = facts;
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 402) return "payment_required";
  if (status === 429) return "rate_limited";
  if (facts.overloadedStatuses.includes(status)) return "overloaded";
  if (status === 408 || status === 409 || status >= 500) return "server_error";
  if (facts.contextOverflow) return "context_overflow";
  if (status === 413) return "too_large";
  return "rejected";
}

/** Kind and default retryability of each case. */
export const HTTP_STATUS_VERDICTS: Readonly<Record<HttpStatusCase, readonly [ProviderErrorKind, boolean]>> = {
  unauthorized: ["auth", false],
  forbidden: ["auth", false],
  payment_required: ["auth", false],
  rate_limited: ["rate_limit", true],
  overloaded: ["overloaded", true],
  server_error: ["server", true],
  context_overflow: ["context_overflow", false],
  too_large: ["invalid_request", false],
  rejected: ["invalid_request", false],
};

/**
 * The error for an HTTP error response. The server's explicit `x-should-retry` verdict wins
 * over `retryable`; a `retry-after` wait is carried along for the retry policy.
 */
export function httpProviderError(verdict: {
  kind: ProviderErrorKind;
  retryable: boolean;
  message: string;
  status: number;
  headers: Headers | undefined;
  now: number;
}): ProviderError {
  const { kind, message, status, headers } = verdict;
  let { retryable } = verdict;
  const shouldRetry = headers?.get("x-should-retry");
  if (shouldRetry === "true") retryable = true;
  if (shouldRetry === "false") retryable = false;
  const info: ConstructorParameters<typeof ProviderError>[0] = { kind, retryable, message, status };
  const retryAfterMs = parseRetryAfterMs(headers, verdict.now);
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  return new ProviderError(info);
}

/** A server's error message as the middle of one of our sentences: trimmed, no final period. */
export function asClause(message: string): string {
  const trimmed = message.trim().replace(/\.+$/, "");
  return trimmed === "" ? "(no message)" : trimmed;
}
