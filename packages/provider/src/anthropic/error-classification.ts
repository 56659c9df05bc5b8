import type { ProviderErrorKind } from "@keel/protocol";
import { abortedError, ProviderError } from "../provider-error.js";

/** The SDK module, loaded lazily; only its error classes are used here. */
export type AnthropicSdk = typeof import("@anthropic-ai/sdk");

/** What an HTTP error response tells us (status, headers, the JSON body's error type and message). */
export interface HttpErrorFacts {
  status: number;
  headers: Headers | undefined;
  /** `error.type` of the body, e.g. `rate_limit_error`. */
  type: string | null;
  /** `error.message` of the body. */
  message: string;
}

/** A 429 without retry-after naming one of these is a spend/usage cap, not a throttle. */
const SPEND_CAP =
  /\b(spend(ing)?|usage|credits?|billing)\b[^.]*\b(limits?|caps?|exhausted|exceeded)\b|credit balance/i;
const PROMPT_TOO_LONG = /prompt is too long/i;

function sentence(message: string): string {
  const trimmed = message.trim().replace(/\.+$/, "");
  return trimmed === "" ? "(no message)" : trimmed;
}

/** Server-requested wait: `retry-after-ms`, else `retry-after` as seconds or an HTTP date. */
export function parseRetryAfterMs(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms != null && ms.trim() !== "") {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers?.get("retry-after");
  if (after == null || after.trim() === "") return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Classifies an HTTP error response (wire-formats.md §3.5). */
export function classifyHttpError(facts: HttpErrorFacts, now: number = Date.now()): ProviderError {
  const { status, headers } = facts;
  const what = sentence(facts.message);
  const retryAfterMs = parseRetryAfterMs(headers, now);
  let kind: ProviderErrorKind;
  let retryable: boolean;
  let message: string;

  if (status === 401) {
    [kind, retryable] = ["auth", false];
    message = `Authentication failed (401): ${what}. Check ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN.`;
  } else if (status === 403) {
    [kind, retryable] = ["auth", false];
    message = `Permission denied (403): ${what}. The credentials may not be allowed to use this model or feature.`;
  } else if (status === 402) {
    [kind, retryable] = ["auth", false];
    message = `Billing problem (402): ${what}. Check the account's plan and credit balance.`;
  } else if (status === 429) {
    kind = "rate_limit";
    const spendCap = retryAfterMs === undefined && SPEND_CAP.test(facts.message);
    retryable = !spendCap;
    message = spendCap
      ? `Usage limit reached (429): ${what}. Not retrying: requests fail until the limit resets or is raised.`
      : `Rate limited (429): ${what}.`;
  } else if (status === 529) {
    [kind, retryable] = ["overloaded", true];
    message = `The Anthropic API is overloaded (529): ${what}.`;
  } else if (status === 408 || status === 409 || status >= 500) {
    [kind, retryable] = ["server", true];
    message = `Anthropic API error (${status}): ${what}.`;
  } else if (status === 400 && PROMPT_TOO_LONG.test(facts.message)) {
    [kind, retryable] = ["context_overflow", false];
    message = `Prompt too long for the model's context window (400): ${what}. Compact the conversation and retry.`;
  } else if (status === 413) {
    [kind, retryable] = ["invalid_request", false];
    message = `Request too large (413): ${what}. Shrink the conversation (large tool output or images).`;
  } else {
    [kind, retryable] = ["invalid_request", false];
    message = `The Anthropic API rejected the request (${status}${facts.type ? ` ${facts.type}` : ""}): ${what}.`;
  }

  // The server's explicit verdict wins over the status-based default.
  const shouldRetry = headers?.get("x-should-retry");
  if (shouldRetry === "true") retryable = true;
  if (shouldRetry === "false") retryable = false;

  const info: ConstructorParameters<typeof ProviderError>[0] = { kind, retryable, message, status };
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  return new ProviderError(info);
}

const FRAME_KINDS: Record<string, [ProviderErrorKind, boolean]> = {
  overloaded_error: ["overloaded", true],
  api_error: ["server", true],
  timeout_error: ["server", true],
  rate_limit_error: ["rate_limit", true],
  invalid_request_error: ["invalid_request", false],
  request_too_large: ["invalid_request", false],
  not_found_error: ["invalid_request", false],
  authentication_error: ["auth", false],
  permission_error: ["auth", false],
  billing_error: ["auth", false],
};

/** Classifies a mid-stream `event: error` frame (no HTTP status). Unknown types count as server errors. */
export function classifyErrorFrame(type: string | null, message: string): ProviderError {
  let [kind, retryable] = FRAME_KINDS[type ?? ""] ?? (["server", true] as [ProviderErrorKind, boolean]);
  if (kind === "invalid_request" && PROMPT_TOO_LONG.test(message))
    [kind, retryable] = ["context_overflow", false];
  return new ProviderError({
    kind,
    retryable,
    status: null,
    message: `The Anthropic stream failed mid-response (${type ?? "unknown error"}): ${sentence(message)}.`,
  });
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

/**
 * Maps anything the SDK (or the fetch underneath it) threw to a classified ProviderError.
 * `requestTimeoutMs` only words the timeout message.
 */
export function classifyAnthropicError(
  error: unknown,
  sdk: AnthropicSdk,
  signal: AbortSignal,
  requestTimeoutMs: number,
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted || error instanceof sdk.APIUserAbortError) return abortedError(error);
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError({
      kind: "network",
      retryable: true,
      cause: error,
      message: `The Anthropic API sent no response within ${requestTimeoutMs} ms. Retrying; raise requestTimeoutMs if this persists.`,
    });
  }
  if (error instanceof sdk.APIConnectionError) {
    return new ProviderError({
      kind: "network",
      retryable: true,
      cause: error,
      message: `Could not reach the Anthropic API: ${errorMessage(error.cause ?? error)}. Check the network and the base URL.`,
    });
  }
  if (error instanceof sdk.APIError) {
    const classified =
      typeof error.status === "number"
        ? classifyHttpError({
            status: error.status,
            headers: error.headers,
            type: error.type,
            message: error.apiMessage ?? error.message,
          })
        : classifyErrorFrame(error.type, error.apiMessage ?? error.message);
    return new ProviderError({ ...classified.toInfo(), cause: error });
  }
  // A body read that failed after the headers arrived: the connection dropped mid-stream.
  return new ProviderError({
    kind: "network",
    retryable: true,
    cause: error,
    message: `The connection to the Anthropic API was lost mid-stream: ${errorMessage(error)}.`,
  });
}
