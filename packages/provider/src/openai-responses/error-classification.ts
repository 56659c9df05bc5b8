import type { ProviderErrorKind } from "@keel/protocol";
import {
  asClause,
  HTTP_STATUS_VERDICTS,
  httpProviderError,
  httpStatusCase,
} from "../http/http-error-verdict.js";
import { classifySdkError } from "../http/sdk-error-classification.js";
import type { OpenAISdk } from "../openai-sdk/openai-client.js";
import { ProviderError } from "../provider-error.js";

/** What an HTTP error response tells us (status, headers, the JSON body's `error` object). */
export interface ResponsesHttpErrorFacts {
  status: number;
  headers: Headers | undefined;
  /** `error.code`, e.g. `rate_limit_exceeded`, `context_length_exceeded`, `insufficient_quota`. */
  code: string | null;
  /** `error.type`, e.g. `invalid_request_error`. */
  type: string | null;
  /** `error.message`. */
  message: string;
}

/**
 * Error codes (of `error` events, `response.failed` and HTTP bodies) whose meaning does not
 * depend on the status. Codes not listed fall back to `type`, then to the status (HTTP) or
 * to a retryable server error (mid-stream), as for Anthropic's unknown frame types.
 */
const CODE_KINDS: Record<string, [ProviderErrorKind, boolean]> = {
  rate_limit_exceeded: ["rate_limit", true],
  insufficient_quota: ["rate_limit", false],
  server_error: ["server", true],
  internal_error: ["server", true],
  vector_store_timeout: ["server", true],
  server_is_overloaded: ["overloaded", true],
  overloaded: ["overloaded", true],
  slow_down: ["overloaded", true],
  context_length_exceeded: ["context_overflow", false],
  invalid_api_key: ["auth", false],
  invalid_prompt: ["invalid_request", false],
  invalid_encrypted_content: ["invalid_request", false],
  model_not_found: ["invalid_request", false],
};

const TYPE_KINDS: Record<string, [ProviderErrorKind, boolean]> = {
  server_error: ["server", true],
  insufficient_quota: ["rate_limit", false],
  rate_limit_error: ["rate_limit", true],
  invalid_request_error: ["invalid_request", false],
  authentication_error: ["auth", false],
  permission_error: ["auth", false],
};

/** A code that is about one bad input (an image, a policy hit): not worth retrying. */
function isInputProblem(code: string): boolean {
  return code.startsWith("invalid_") || code.startsWith("image_") || code.endsWith("_policy");
}

function kindOfCode(code: string | null, type: string | null): [ProviderErrorKind, boolean] | undefined {
  if (code) {
    const known = CODE_KINDS[code];
    if (known) return known;
    if (isInputProblem(code)) return ["invalid_request", false];
  }
  return type ? TYPE_KINDS[type] : undefined;
}

/** What to do about it, appended to the message; empty when retrying is all there is to it. */
function hint(kind: ProviderErrorKind, retryable: boolean): string {
  if (kind === "context_overflow") return " Compact the conversation and retry.";
  if (kind === "auth") return " Check OPENAI_API_KEY.";
  if (kind === "rate_limit" && !retryable) {
    return " Not retrying: requests fail until the quota or billing is fixed.";
  }
  return "";
}

function describe(kind: ProviderErrorKind, retryable: boolean, label: string, what: string): string {
  const head: Record<ProviderErrorKind, string> = {
    rate_limit: retryable ? "Rate limited" : "Usage quota exhausted",
    overloaded: "The OpenAI API is overloaded",
    context_overflow: "Prompt too long for the model's context window",
    auth: "Authentication failed",
    server: "OpenAI API error",
    network: "Network error",
    invalid_request: "The OpenAI API rejected the request",
    aborted: "Aborted",
  };
  return `${head[kind]} ${label}: ${what}.${hint(kind, retryable)}`;
}

/** Classifies an HTTP error response of `POST /responses`. */
export function classifyResponsesHttpError(
  facts: ResponsesHttpErrorFacts,
  now: number = Date.now(),
): ProviderError {
  const { status, headers } = facts;
  const what = asClause(facts.message);
  const label = `(${status}${facts.code ? ` ${facts.code}` : ""})`;
  let statusCase = httpStatusCase({
    status,
    // OpenAI answers 503 ("Slow Down", "overloaded or not ready yet") when it sheds load.
    overloadedStatuses: [503, 529],
    contextOverflow: facts.code === "context_length_exceeded",
  });
  // OpenAI has no billing status: a 402 is one more rejected request.
  if (statusCase === "payment_required") statusCase = "rejected";
  let [kind, retryable] = HTTP_STATUS_VERDICTS[statusCase];
  // An exhausted quota keeps failing until billing changes, whatever the headers say.
  if (statusCase === "rate_limited") retryable = facts.code !== "insufficient_quota";

  let message: string;
  if (statusCase === "unauthorized") {
    message = `Authentication failed (401): ${what}. Check OPENAI_API_KEY.`;
  } else if (statusCase === "forbidden") {
    message = `Permission denied (403): ${what}. The key's project may not be allowed to use this model.`;
  } else if (statusCase === "too_large") {
    message = `Request too large (413): ${what}. Shrink the conversation (large tool output or images).`;
  } else {
    message = describe(kind, retryable, label, what);
  }
  return httpProviderError({ kind, retryable, message, status, headers, now });
}

/**
 * Classifies a mid-stream failure: an `error` event (either shape: `{code, message}` at the
 * top level, or nested in `error`) or a `response.failed` event's `response.error`. No status.
 */
export function classifyResponsesErrorEvent(
  code: string | null,
  type: string | null,
  message: string,
): ProviderError {
  // The top-level `type` of the flat shape is just "error": not a classification.
  const [kind, retryable] = kindOfCode(code, type === "error" ? null : type) ?? ["server", true];
  const label = `(${code ?? type ?? "unknown error"})`;
  return new ProviderError({
    kind,
    retryable,
    status: null,
    message: `The OpenAI stream failed mid-response ${label}: ${asClause(message)}.${hint(kind, retryable)}`,
  });
}

function field(value: unknown, key: string): string | null {
  if (typeof value !== "object" || value === null) return null;
  const v = (value as Record<string, unknown>)[key];
  return typeof v === "string" ? v : null;
}

/**
 * Maps anything the SDK (or the fetch underneath it) threw to a classified ProviderError.
 * `requestTimeoutMs` only words the timeout message.
 */
export function classifyOpenAIResponsesError(
  error: unknown,
  sdk: OpenAISdk,
  signal: AbortSignal,
  requestTimeoutMs: number,
): ProviderError {
  return classifySdkError(error, {
    sdk,
    signal,
    requestTimeoutMs,
    server: "the OpenAI API",
    fromApiError: (apiError) => {
      // HTTP errors carry the body's `error` object; the SDK throws stream `error` events with no status.
      const apiMessage = field(apiError.error, "message") ?? apiError.message;
      return typeof apiError.status === "number"
        ? classifyResponsesHttpError({
            status: apiError.status,
            headers: apiError.headers,
            code: apiError.code ?? null,
            type: apiError.type ?? null,
            message: apiMessage,
          })
        : classifyResponsesErrorEvent(apiError.code ?? null, apiError.type ?? null, apiMessage);
    },
    malformedChunk: (syntaxError) =>
      `The OpenAI API sent a malformed stream event (${syntaxError.message}); retrying.`,
  });
}
