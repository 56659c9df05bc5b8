import type { ProviderEvent } from "@keel/protocol";
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import { streamAssembled } from "../http/assembled-stream.js";
import { observingClient } from "../http/byte-observing-fetch.js";
import type { ModelProvider, ModelRequest, StreamHooks } from "../model-provider.js";
import {
  createOpenAIClient,
  loadOpenAISdk,
  type OpenAIClient,
  type OpenAISdk,
} from "../openai-sdk/openai-client.js";
import { abortedError, ProviderError } from "../provider-error.js";
import {
  type ChatQuirks,
  isOpenAIBaseUrl,
  OPENAI_BASE_URL,
  type ResolvedChatQuirks,
  resolveChatQuirks,
} from "./chat-quirks.js";
import { classifyOpenAIChatError } from "./error-classification.js";
import { ChatStreamAssembler } from "./stream-assembler.js";
import { toChatRequestBody } from "./wire-request.js";

export interface OpenAIChatProviderOptions {
  /** Provider id reported in events and errors. Default `openai-chat`. */
  id?: string;
  /**
   * API key, sent as `Authorization: Bearer`. Required for api.openai.com; for other servers
   * (a local Ollama, vLLM…) it may be omitted and no Authorization header is sent. The
   * environment is never read here.
   */
  apiKey?: string;
  /** Where the key comes from (e.g. `OLLAMA_API_KEY`), named in auth error messages. Default `OPENAI_API_KEY`. */
  apiKeyName?: string;
  /** Default `https://api.openai.com/v1`; requests go to `${baseUrl}/chat/completions`. */
  baseUrl?: string;
  /** Overrides of `defaultChatQuirks(baseUrl)`. */
  quirks?: ChatQuirks;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Sent with every request (gateway headers such as OpenRouter's `HTTP-Referer`). */
  headers?: Record<string, string>;
  /** Time allowed until response headers arrive. Default 600000 (the SDK's default). */
  requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;
/** The SDK insists on a key; when none is given it sends this one's header, then we remove it. */
const NO_KEY = "no-key";

/**
 * `ModelProvider` over the official `openai` package's Chat Completions streaming API, for
 * OpenAI and OpenAI-compatible servers (differences are `ChatQuirks`). It never retries (the
 * SDK's retries are off; `streamWithRetry` owns retries) and throws a classified
 * `ProviderError` for every failure.
 */
export class OpenAIChatProvider implements ModelProvider {
  readonly id: string;
  readonly #options: OpenAIChatProviderOptions;
  readonly #quirks: ResolvedChatQuirks;
  #client: OpenAIClient | undefined;

  constructor(options: OpenAIChatProviderOptions = {}) {
    this.#options = { ...options };
    this.id = options.id ?? "openai-chat";
    this.#quirks = resolveChatQuirks(options.baseUrl, options.quirks);
  }

  /** The quirks in effect: `defaultChatQuirks(baseUrl)` overridden by the `quirks` option. */
  get quirks(): ResolvedChatQuirks {
    return { ...this.#quirks };
  }

  #clientFor(sdk: OpenAISdk): OpenAIClient {
    if (this.#client) return this.#client;
    const { apiKey, baseUrl, fetch, headers, requestTimeoutMs } = this.#options;
    if (!apiKey && isOpenAIBaseUrl(baseUrl)) {
      throw new ProviderError({
        kind: "auth",
        retryable: false,
        message: `No OpenAI API key: set ${this.#options.apiKeyName ?? "OPENAI_API_KEY"} and try again.`,
      });
    }
    this.#client = createOpenAIClient(sdk, {
      apiKey: apiKey || NO_KEY,
      baseURL: baseUrl ?? OPENAI_BASE_URL,
      timeout: requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      fetch,
      defaultHeaders: { ...headers, ...(apiKey ? {} : { Authorization: null }) },
    });
    return this.#client;
  }

  async *stream(
    request: ModelRequest,
    signal: AbortSignal,
    hooks?: StreamHooks,
  ): AsyncGenerator<ProviderEvent> {
    if (signal.aborted) throw abortedError(signal.reason);
    const sdk = await loadOpenAISdk();
    const client = observingClient(this.#clientFor(sdk), this.#options.fetch, hooks?.onActivity);
    const wording = {
      requestTimeoutMs: this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      keyName: this.#options.apiKeyName ?? "OPENAI_API_KEY",
    };
    const body = toChatRequestBody(request, this.#quirks);
    yield* streamAssembled({
      signal,
      open: () =>
        client.chat.completions.create(body as unknown as ChatCompletionCreateParamsStreaming, { signal }),
      assembler: new ChatStreamAssembler(this.#quirks),
      classify: (error) => classifyOpenAIChatError(error, sdk, signal, wording),
    });
  }
}
