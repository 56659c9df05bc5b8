/**
 * Where OpenAI-compatible servers (Ollama, vLLM, llama.cpp, LM Studio, gateways) differ from
 * api.openai.com. Chosen per provider entry in settings; unset fields take the defaults of
 * `defaultChatQuirks(baseUrl)`.
 */
export interface ChatQuirks {
  /**
   * Send the system prompt with role `developer` (OpenAI's name for it since the o1 models)
   * instead of `system`. Default: true for api.openai.com, false elsewhere (many compatible
   * servers reject the `developer` role).
   */
  developerRole?: boolean;
  /**
   * Which field carries the output limit. Default: `max_completion_tokens` for api.openai.com
   * (`max_tokens` is deprecated there and rejected by reasoning models), `max_tokens` elsewhere.
   */
  maxTokensField?: "max_tokens" | "max_completion_tokens";
  /**
   * The server's `tool_calls[].index` cannot be trusted (missing, or the same for every call):
   * fragments are matched by `id`, else appended to the most recent call. Default false: calls
   * are assembled by index, and only fragments without an index fall back to id / last call.
   */
  toolCallsWithoutIndex?: boolean;
  /**
   * `finish_reason: "stop"` on a response that contains tool calls counts as `tool_use` (some
   * servers, and OpenAI itself with a forced `tool_choice`, answer that way). Default true.
   */
  stopWithToolCalls?: boolean;
  /**
   * The server does not support `stream_options: {include_usage: true}`: it is not sent and
   * usage is reported as zeros. (Missing usage is never an error, whatever this says.)
   * Default false.
   */
  noUsage?: boolean;
  /**
   * The field in which the server accepts earlier reasoning on assistant messages (DeepSeek-style
   * `reasoning_content`, or `reasoning`). Unset (default): thinking blocks are not sent back.
   */
  reasoningField?: "reasoning_content" | "reasoning";
}

/** Quirks with every default filled in. */
export type ResolvedChatQuirks = Required<Omit<ChatQuirks, "reasoningField">> &
  Pick<ChatQuirks, "reasoningField">;

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** True when `baseUrl` points at OpenAI's own API (undefined = the default base URL). */
export function isOpenAIBaseUrl(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined) return true;
  try {
    return new URL(baseUrl).hostname === "api.openai.com";
  } catch {
    return false;
  }
}

/** The defaults for a base URL: OpenAI's own API, or a generic OpenAI-compatible server. */
export function defaultChatQuirks(baseUrl?: string): ResolvedChatQuirks {
  const openai = isOpenAIBaseUrl(baseUrl);
  return {
    developerRole: openai,
    maxTokensField: openai ? "max_completion_tokens" : "max_tokens",
    toolCallsWithoutIndex: false,
    stopWithToolCalls: true,
    noUsage: false,
  };
}

/** The defaults for `baseUrl`, overridden by every field `quirks` sets. */
export function resolveChatQuirks(baseUrl: string | undefined, quirks: ChatQuirks = {}): ResolvedChatQuirks {
  const defaults = defaultChatQuirks(baseUrl);
  const resolved: ResolvedChatQuirks = {
    developerRole: quirks.developerRole ?? defaults.developerRole,
    maxTokensField: quirks.maxTokensField ?? defaults.maxTokensField,
    toolCallsWithoutIndex: quirks.toolCallsWithoutIndex ?? defaults.toolCallsWithoutIndex,
    stopWithToolCalls: quirks.stopWithToolCalls ?? defaults.stopWithToolCalls,
    noUsage: quirks.noUsage ?? defaults.noUsage,
  };
  if (quirks.reasoningField !== undefined) resolved.reasoningField = quirks.reasoningField;
  return resolved;
}
