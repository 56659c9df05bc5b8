import type { ProviderErrorKind } from "@keel/protocol";
import { parseRetryAfterMs } from "../anthropic/error-classification.js";
import { abortedError, ProviderError } from "../provider-error.js";

/** The SDK module, loaded lazily; only its error classes are used here. */
export type OpenAISdk = typeof import("openai");

/** What an OpenAI-style error tells us: `{"error": {"message", "type", "param", "code"}}`. */
export interface ChatErrorFacts {
  /** HTTP status; null for an error object inside a `data:` frame of a 200 stream. */
  status: number | null;
  headers: Headers | undefined;
  /** `error.type`, e.g. `invalid_request_error`, `server_error`. */
  type: string | null;
  /** `error.code`, e.g. `context_length_exceeded`, `insufficient_quota`; gateways send a number. */
  code: string | number | null;
  message: string;
}

/** Servers word context overflow differently; OpenAI itself sends `code: context_length_exceeded`. */
const CONTEXT_OVERFLOW =
  /context[_ ]length[_ ]exceeded|maximum context length|context window|exceeds the available context size|prompt is too long/i;

function sentence(message: string): string {
  const trimmed = message.trim().replace(/\.+$/, "");
  return trimmed === "" ? "(no message)" : trimmed;
}

function isContextOverflow(facts: ChatErrorFacts): boolean {
  return facts.code === "context_length_exceeded" || CONTEXT_OVERFLOW.test(facts.message);
}

const isQuota = (facts: ChatErrorFacts) =>
  facts.code === "insufficient_quota" || facts.type === "insufficient_quota";

type Verdict = [kind: ProviderErrorKind, retryable: boolean, message: string];

function byStatus(status: number, facts: ChatErrorFacts, keyName: string): Verdict {
  const what = sentence(facts.message);
  if (status === 401) {
    return ["auth", false, `Authentication failed (401): ${what}. Check the API key (${keyName}).`];
  }
  if (status === 403) {
    return ["auth", false, `Permission denied (403): ${what}. The key may not be allowed to use this model.`];
  }
  if (status === 402) return ["auth", false, `Billing problem (402): ${what}. Check the account's credit.`];
  if (status === 429) {
    return isQuota(facts)
      ? [
          "rate_limit",
          false,
          `Quota exceeded (429): ${what}. Not retrying: requests fail until the quota is raised.`,
        ]
      : ["rate_limit", true, `Rate limited (429): ${what}.`];
  }
  if (status === 503 || status === 529) {
    return ["overloaded", true, `The model server is overloaded (${status}): ${what}.`];
  }
  if (status === 408 || status === 409 || status >= 500) {
    return ["server", true, `OpenAI-compatible API error (${status}): ${what}.`];
  }
  if (isContextOverflow(facts)) {
    return [
      "context_overflow",
      false,
      `Prompt too long for the model's context window (${status}): ${what}. Compact the conversation and retry.`,
    ];
  }
  if (status === 413) {
    return ["invalid_request", false, `Request too large (413): ${what}. Shrink the conversation.`];
  }
  const detail = [facts.type, facts.code].filter((x) => x !== null && x !== "").join(", ");
  return [
    "invalid_request",
    false,
    `The API rejected the request (${status}${detail ? ` ${detail}` : ""}): ${what}.`,
  ];
}

const FRAME_KINDS: Record<string, [ProviderErrorKind, boolean]> = {
  server_error: ["server", true],
  api_error: ["server", true],
  internal_error: ["server", true],
  timeout: ["server", true],
  overloaded_error: ["overloaded", true],
  server_overloaded: ["overloaded", true],
  rate_limit_exceeded: ["rate_limit", true],
  rate_limit_error: ["rate_limit", true],
  insufficient_quota: ["rate_limit", false],
  invalid_request_error: ["invalid_request", false],
  authentication_error: ["auth", false],
  invalid_api_key: ["auth", false],
  permission_error: ["auth", false],
};

/** A mid-stream error object (no HTTP status). Unknown types count as retryable server errors. */
function byFrame(facts: ChatErrorFacts, keyName: string): Verdict {
  const label = [facts.type, facts.code].filter((x) => x !== null && x !== "").join(", ") || "unknown error";
  const message = `The OpenAI-compatible stream failed mid-response (${label}): ${sentence(facts.message)}.`;
  if (isContextOverflow(facts)) return ["context_overflow", false, message];
  // Gateways (e.g. OpenRouter) put the upstream HTTP status in a numeric `code`.
  if (typeof facts.code === "number" && facts.code >= 400 && facts.code < 600) {
    const [kind, retryable] = byStatus(facts.code, facts, keyName);
    return [kind, retryable, message];
  }
  const known = FRAME_KINDS[String(facts.code ?? "")] ?? FRAME_KINDS[facts.type ?? ""];
  const [kind, retryable] = known ?? ["server", true];
  return [kind, retryable, message];
}

/**
 * Classifies an OpenAI-style error: an HTTP error response, or (status null) an error frame.
 * `keyName` names where the API key comes from, for the 401 message.
 */
export function classifyChatError(
  facts: ChatErrorFacts,
  now: number = Date.now(),
  keyName = "OPENAI_API_KEY",
): ProviderError {
  let [kind, retryable, message] =
    facts.status === null ? byFrame(facts, keyName) : byStatus(facts.status, facts, keyName);
  // The server's explicit verdict wins over the status-based default.
  const shouldRetry = facts.headers?.get("x-should-retry");
  if (facts.status !== null && shouldRetry === "true") retryable = true;
  if (facts.status !== null && shouldRetry === "false") retryable = false;
  const info: ConstructorParameters<typeof ProviderError>[0] = {
    kind,
    retryable,
    message,
    status: facts.status,
  };
  const retryAfterMs = facts.status === null ? undefined : parseRetryAfterMs(facts.headers, now);
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  return new ProviderError(info);
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

const field = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * Maps anything the SDK (or the fetch underneath it) threw to a classified ProviderError.
 * `requestTimeoutMs` and `keyName` only word the messages.
 */
export function classifyOpenAIChatError(
  error: unknown,
  sdk: OpenAISdk,
  signal: AbortSignal,
  wording: { requestTimeoutMs: number; keyName: string },
): ProviderError {
  const { requestTimeoutMs, keyName } = wording;
  if (error instanceof ProviderError) return error;
  if (signal.aborted || error instanceof sdk.APIUserAbortError) return abortedError(error);
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError({
      kind: "network",
      retryable: true,
      cause: error,
      message: `The model server sent no response within ${requestTimeoutMs} ms. Retrying; raise requestTimeoutMs if this persists.`,
    });
  }
  if (error instanceof sdk.APIConnectionError) {
    return new ProviderError({
      kind: "network",
      retryable: true,
      cause: error,
      message: `Could not reach the model server: ${errorMessage(error.cause ?? error)}. Check the network and the base URL.`,
    });
  }
  if (error instanceof sdk.APIError) {
    // `error.error` is the body's `error` object (HTTP) or the frame's (mid-stream).
    const body = (typeof error.error === "object" && error.error !== null ? error.error : {}) as Record<
      string,
      unknown
    >;
    const code = typeof body.code === "number" ? body.code : field(body.code);
    const classified = classifyChatError(
      {
        status: typeof error.status === "number" ? error.status : null,
        headers: error.headers,
        type: field(body.type),
        code,
        message: field(body.message) ?? error.message,
      },
      Date.now(),
      keyName,
    );
    return new ProviderError({ ...classified.toInfo(), cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError({
      kind: "server",
      retryable: true,
      cause: error,
      message: `The model server sent a stream chunk that is not JSON: ${error.message}.`,
    });
  }
  // A body read that failed after the headers arrived: the connection dropped mid-stream.
  return new ProviderError({
    kind: "network",
    retryable: true,
    cause: error,
    message: `The connection to the model server was lost mid-stream: ${errorMessage(error)}.`,
  });
}
