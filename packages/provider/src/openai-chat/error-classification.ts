import type { ProviderErrorKind } from "@keel/protocol";
import {
  asClause,
  HTTP_STATUS_VERDICTS,
  type HttpStatusCase,
  httpProviderError,
  httpStatusCase,
} from "../http/http-error-verdict.js";
import { classifySdkError } from "../http/sdk-error-classification.js";
import type { OpenAISdk } from "../openai-sdk/openai-client.js";
import { ProviderError } from "../provider-error.js";

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

function isContextOverflow(facts: ChatErrorFacts): boolean {
  return facts.code === "context_length_exceeded" || CONTEXT_OVERFLOW.test(facts.message);
}

const isQuota = (facts: ChatErrorFacts) =>
  facts.code === "insufficient_quota" || facts.type === "insufficient_quota";

type Verdict = [kind: ProviderErrorKind, retryable: boolean, message: string];

/** Gateways and local servers shed load with 503 as well as 529. */
const OVERLOADED_STATUSES = [503, 529];

function byStatus(status: number, facts: ChatErrorFacts, keyName: string): Verdict {
  const what = asClause(facts.message);
  const statusCase = httpStatusCase({
    status,
    overloadedStatuses: OVERLOADED_STATUSES,
    contextOverflow: isContextOverflow(facts),
  });
  const [kind, retryable] = HTTP_STATUS_VERDICTS[statusCase];
  const quota = statusCase === "rate_limited" && isQuota(facts);
  const detail = [facts.type, facts.code].filter((x) => x !== null && x !== "").join(", ");
  const messages: Record<HttpStatusCase, string> = {
    unauthorized: `Authentication failed (401): ${what}. Check the API key (${keyName}).`,
    forbidden: `Permission denied (403): ${what}. The key may not be allowed to use this model.`,
    payment_required: `Billing problem (402): ${what}. Check the account's credit.`,
    rate_limited: quota
      ? `Quota exceeded (429): ${what}. Not retrying: requests fail until the quota is raised.`
      : `Rate limited (429): ${what}.`,
    overloaded: `The model server is overloaded (${status}): ${what}.`,
    server_error: `OpenAI-compatible API error (${status}): ${what}.`,
    context_overflow: `Prompt too long for the model's context window (${status}): ${what}. Compact the conversation and retry.`,
    too_large: `Request too large (413): ${what}. Shrink the conversation.`,
    rejected: `The API rejected the request (${status}${detail ? ` ${detail}` : ""}): ${what}.`,
  };
  return [kind, retryable && !quota, messages[statusCase]];
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
  const message = `The OpenAI-compatible stream failed mid-response (${label}): ${asClause(facts.message)}.`;
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
  if (facts.status === null) {
    const [kind, retryable, message] = byFrame(facts, keyName);
    return new ProviderError({ kind, retryable, message, status: null });
  }
  const [kind, retryable, message] = byStatus(facts.status, facts, keyName);
  return httpProviderError({ kind, retryable, message, status: facts.status, headers: facts.headers, now });
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
  return classifySdkError(error, {
    sdk,
    signal,
    requestTimeoutMs,
    server: "the model server",
    fromApiError: (apiError) => {
      // `error` is the body's `error` object (HTTP) or the frame's (mid-stream).
      const body = (
        typeof apiError.error === "object" && apiError.error !== null ? apiError.error : {}
      ) as Record<string, unknown>;
      const code = typeof body.code === "number" ? body.code : field(body.code);
      return classifyChatError(
        {
          status: typeof apiError.status === "number" ? apiError.status : null,
          headers: apiError.headers,
          type: field(body.type),
          code,
          message: field(body.message) ?? apiError.message,
        },
        Date.now(),
        keyName,
      );
    },
    malformedChunk: (syntaxError) =>
      `The model server sent a stream chunk that is not JSON: ${syntaxError.message}.`,
  });
}
