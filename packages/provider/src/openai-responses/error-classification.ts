import type { ProviderErrorKind } from "@keel/protocol";
import { parseRetryAfterMs } from "../anthropic/error-classification.js";
import { abortedError, ProviderError } from "../provider-error.js";

/** The SDK module, loaded lazily; only its error classes are used here. */
export type OpenAISdk = typeof import("openai");

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

function sentence(message: string): string {
  const trimmed = message.trim().replace(/\.+$/, "");
  return trimmed === "" ? "(no message)" : trimmed;
}

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
  const what = sentence(facts.message);
  const retryAfterMs = parseRetryAfterMs(headers, now);
  const label = `(${status}${facts.code ? ` ${facts.code}` : ""})`;
  let kind: ProviderErrorKind;
  let retryable: boolean;
  let message: string;

  if (status === 401) {
    [kind, retryable] = ["auth", false];
    message = `Authentication failed (401): ${what}. Check OPENAI_API_KEY.`;
  } else if (status === 403) {
    [kind, retryable] = ["auth", false];
    message = `Permission denied (403): ${what}. The key's project may not be allowed to use this model.`;
  } else if (status === 429) {
    kind = "rate_limit";
    // An exhausted quota keeps failing until billing changes, whatever the headers say.
    retryable = facts.code !== "insufficient_quota";
    message = describe(kind, retryable, label, what);
  } else if (status === 503 || status === 529) {
    // OpenAI answers 503 ("Slow Down", "overloaded or not ready yet") when it sheds load.
    [kind, retryable] = ["overloaded", true];
    message = describe(kind, retryable, label, what);
  } else if (status === 408 || status === 409 || status >= 500) {
    [kind, retryable] = ["server", true];
    message = describe(kind, retryable, label, what);
  } else if (facts.code === "context_length_exceeded") {
    [kind, retryable] = ["context_overflow", false];
    message = describe(kind, retryable, label, what);
  } else if (status === 413) {
    [kind, retryable] = ["invalid_request", false];
    message = `Request too large (413): ${what}. Shrink the conversation (large tool output or images).`;
  } else {
    [kind, retryable] = ["invalid_request", false];
    message = describe(kind, retryable, label, what);
  }

  // The server's explicit verdict wins over the status-based default (the SDK honours it too).
  const shouldRetry = headers?.get("x-should-retry");
  if (shouldRetry === "true") retryable = true;
  if (shouldRetry === "false") retryable = false;

  const info: ConstructorParameters<typeof ProviderError>[0] = { kind, retryable, message, status };
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  return new ProviderError(info);
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
    message: `The OpenAI stream failed mid-response ${label}: ${sentence(message)}.${hint(kind, retryable)}`,
  });
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
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
  if (error instanceof ProviderError) return error;
  if (signal.aborted || error instanceof sdk.APIUserAbortError) return abortedError(error);
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError({
      kind: "network",
      retryable: true,
      cause: error,
      message: `The OpenAI API sent no response within ${requestTimeoutMs} ms. Retrying; raise requestTimeoutMs if this persists.`,
    });
  }
  if (error instanceof sdk.APIConnectionError) {
    return new ProviderError({
      kind: "network",
      retryable: true,
      cause: error,
      message: `Could not reach the OpenAI API: ${errorMessage(error.cause ?? error)}. Check the network and the base URL.`,
    });
  }
  if (error instanceof sdk.APIError) {
    // HTTP errors carry the body's `error` object; the SDK throws stream `error` events with no status.
    const body = error.error;
    const apiMessage = field(body, "message") ?? error.message;
    const classified =
      typeof error.status === "number"
        ? classifyResponsesHttpError({
            status: error.status,
            headers: error.headers,
            code: error.code ?? null,
            type: error.type ?? null,
            message: apiMessage,
          })
        : classifyResponsesErrorEvent(error.code ?? null, error.type ?? null, apiMessage);
    return new ProviderError({ ...classified.toInfo(), cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError({
      kind: "server",
      retryable: true,
      cause: error,
      message: `The OpenAI API sent a malformed stream event (${error.message}); retrying.`,
    });
  }
  // A body read that failed after the headers arrived: the connection dropped mid-stream.
  return new ProviderError({
    kind: "network",
    retryable: true,
    cause: error,
    message: `The connection to the OpenAI API was lost mid-stream: ${errorMessage(error)}.`,
  });
}
