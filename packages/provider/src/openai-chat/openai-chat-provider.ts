import type { ProviderEvent } from "@keel/protocol";
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import type { ModelProvider, ModelRequest, StreamHooks } from "../model-provider.js";
import { abortedError, ProviderError } from "../provider-error.js";
import { observeBytes } from "./byte-observing-fetch.js";
import {
  type ChatQuirks,
  isOpenAIBaseUrl,
  OPENAI_BASE_URL,
  type ResolvedChatQuirks,
  resolveChatQuirks,
} from "./chat-quirks.js";
import { classifyOpenAIChatError, type OpenAISdk } from "./error-classification.js";
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

type OpenAIClient = InstanceType<OpenAISdk["OpenAI"]>;

let sdkModule: Promise<OpenAISdk> | undefined;

/** Loaded on first use so that importing `@keel/provider` (e.g. `keel --version`) stays cheap. */
function loadSdk(): Promise<OpenAISdk> {
  sdkModule ??= import("openai");
  return sdkModule;
}

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
    // Every option is passed explicitly (null = "not this one") so the SDK does not fall back
    // to its own environment lookup for credentials, organization or the base URL.
    this.#client = new sdk.OpenAI({
      apiKey: apiKey || NO_KEY,
      adminAPIKey: null,
      organization: null,
      project: null,
      webhookSecret: null,
      baseURL: baseUrl ?? OPENAI_BASE_URL,
      maxRetries: 0,
      timeout: requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // Failures surface as ProviderErrors; the SDK must not write to the terminal (TUI).
      logLevel: "off",
      ...(fetch ? { fetch } : {}),
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
    const sdk = await loadSdk();
    const base = this.#clientFor(sdk);
    const onActivity = hooks?.onActivity;
    const client = onActivity
      ? base.withOptions({ fetch: observeBytes(this.#options.fetch ?? globalThis.fetch, onActivity) })
      : base;
    const wording = {
      requestTimeoutMs: this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      keyName: this.#options.apiKeyName ?? "OPENAI_API_KEY",
    };
    const classify = (error: unknown) => classifyOpenAIChatError(error, sdk, signal, wording);

    const body = toChatRequestBody(request, this.#quirks);
    let chunks: AsyncIterator<unknown>;
    try {
      const stream = await client.chat.completions.create(
        body as unknown as ChatCompletionCreateParamsStreaming,
        { signal },
      );
      chunks = stream[Symbol.asyncIterator]();
    } catch (error) {
      throw classify(error);
    }

    const assembler = new ChatStreamAssembler(this.#quirks);
    let finished = false;
    try {
      for (;;) {
        let next: IteratorResult<unknown>;
        try {
          next = await chunks.next();
        } catch (error) {
          throw classify(error);
        }
        if (next.done) break; // `[DONE]`, or the body ended: finish() tells which was complete
        yield* assembler.accept(next.value);
      }
      finished = true;
    } finally {
      // Stopping early (consumer broke out, error) aborts the HTTP request.
      if (!finished) await chunks.return?.().catch(() => undefined);
    }
    // The SDK ends the stream quietly when the signal aborts; that is not a completed message.
    if (signal.aborted) throw abortedError(signal.reason);
    yield { type: "message_end", response: assembler.finish() };
  }
}
