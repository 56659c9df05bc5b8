import type { ProviderErrorKind } from "@keel/protocol";
import {
  asClause,
  HTTP_STATUS_VERDICTS,
  type HttpStatusCase,
  httpProviderError,
  httpStatusCase,
} from "../http/http-error-verdict.js";
import { parseRetryAfterMs } from "../http/retry-after.js";
import { classifySdkError } from "../http/sdk-error-classification.js";
import { ProviderError } from "../provider-error.js";

export { parseRetryAfterMs } from "../http/retry-after.js";

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

/** Classifies an HTTP error response (wire-formats.md §3.5). */
export function classifyHttpError(facts: HttpErrorFacts, now: number = Date.now()): ProviderError {
  const { status, headers } = facts;
  const what = asClause(facts.message);
  const statusCase = httpStatusCase({
    status,
    overloadedStatuses: [529],
    contextOverflow: status === 400 && PROMPT_TOO_LONG.test(facts.message),
  });
  const [kind, retryable] = HTTP_STATUS_VERDICTS[statusCase];
  const spendCap =
    statusCase === "rate_limited" &&
    parseRetryAfterMs(headers, now) === undefined &&
    SPEND_CAP.test(facts.message);
  const messages: Record<HttpStatusCase, string> = {
    unauthorized: `Authentication failed (401): ${what}. Check ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN.`,
    forbidden: `Permission denied (403): ${what}. The credentials may not be allowed to use this model or feature.`,
    payment_required: `Billing problem (402): ${what}. Check the account's plan and credit balance.`,
    rate_limited: spendCap
      ? `Usage limit reached (429): ${what}. Not retrying: requests fail until the limit resets or is raised.`
      : `Rate limited (429): ${what}.`,
    overloaded: `The Anthropic API is overloaded (529): ${what}.`,
    server_error: `Anthropic API error (${status}): ${what}.`,
    context_overflow: `Prompt too long for the model's context window (400): ${what}. Compact the conversation and retry.`,
    too_large: `Request too large (413): ${what}. Shrink the conversation (large tool output or images).`,
    rejected: `The Anthropic API rejected the request (${status}${facts.type ? ` ${facts.type}` : ""}): ${what}.`,
  };
  return httpProviderError({
    kind,
    retryable: retryable && !spendCap,
    message: messages[statusCase],
    status,
    headers,
    now,
  });
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
    message: `The Anthropic stream failed mid-response (${type ?? "unknown error"}): ${asClause(message)}.`,
  });
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
  return classifySdkError(error, {
    sdk,
    signal,
    requestTimeoutMs,
    server: "the Anthropic API",
    fromApiError: (apiError) =>
      typeof apiError.status === "number"
        ? classifyHttpError({
            status: apiError.status,
            headers: apiError.headers,
            type: apiError.type,
            message: apiError.apiMessage ?? apiError.message,
          })
        : classifyErrorFrame(apiError.type, apiError.apiMessage ?? apiError.message),
  });
}
