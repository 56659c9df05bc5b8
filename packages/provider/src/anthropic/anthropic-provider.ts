import type { MessageCreateParamsStreaming } from "@anthropic-ai/sdk/resources/messages";
import type { ProviderEvent } from "@keel/protocol";
import { streamAssembled } from "../http/assembled-stream.js";
import { observingClient } from "../http/byte-observing-fetch.js";
import type { ModelProvider, ModelRequest, StreamHooks } from "../model-provider.js";
import { abortedError, ProviderError } from "../provider-error.js";
import { type AnthropicSdk, classifyAnthropicError } from "./error-classification.js";
import { AnthropicStreamAssembler } from "./stream-assembler.js";
import { toWireRequestBody } from "./wire-request.js";

export interface AnthropicProviderOptions {
  /** API key. One of `apiKey` / `authToken` is required; the environment is never read here. */
  apiKey?: string;
  /** Bearer token (OAuth, gateways). Used when no `apiKey` is given. */
  authToken?: string;
  /** Default `https://api.anthropic.com`. */
  baseUrl?: string;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Sent with every request, e.g. `anthropic-beta`. */
  defaultHeaders?: Record<string, string>;
  /** Time allowed until response headers arrive. Default 600000 (the SDK's default). */
  requestTimeoutMs?: number;
}

const DEFAULT_BASE_URL = "https://api.anthropic.com";
const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;

type AnthropicClient = InstanceType<AnthropicSdk["Anthropic"]>;

let sdkModule: Promise<AnthropicSdk> | undefined;

/** Loaded on first use so that importing `@keel/provider` (e.g. `keel --version`) stays cheap. */
function loadSdk(): Promise<AnthropicSdk> {
  sdkModule ??= import("@anthropic-ai/sdk");
  return sdkModule;
}

/**
 * `ModelProvider` over the official Anthropic SDK's raw streaming API. It never retries (the
 * SDK's retries are off; `streamWithRetry` owns retries) and throws a classified
 * `ProviderError` for every failure.
 */
export class AnthropicProvider implements ModelProvider {
  readonly id = "anthropic";
  readonly #options: AnthropicProviderOptions;
  #client: AnthropicClient | undefined;

  constructor(options: AnthropicProviderOptions) {
    this.#options = { ...options };
  }

  #clientFor(sdk: AnthropicSdk): AnthropicClient {
    if (this.#client) return this.#client;
    const { apiKey, authToken, baseUrl, fetch, defaultHeaders, requestTimeoutMs } = this.#options;
    if (!apiKey && !authToken) {
      throw new ProviderError({
        kind: "auth",
        retryable: false,
        message: "No Anthropic credentials: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN) and try again.",
      });
    }
    // Every option is passed explicitly (null = "not this one") so the SDK does not fall back
    // to its own environment lookup for credentials or the base URL.
    this.#client = new sdk.Anthropic({
      apiKey: apiKey || null,
      authToken: apiKey ? null : (authToken ?? null),
      baseURL: baseUrl ?? DEFAULT_BASE_URL,
      maxRetries: 0,
      timeout: requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      ...(fetch ? { fetch } : {}),
      ...(defaultHeaders ? { defaultHeaders } : {}),
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
    const client = observingClient(this.#clientFor(sdk), this.#options.fetch, hooks?.onActivity);
    const timeoutMs = this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const body = toWireRequestBody(request);
    yield* streamAssembled({
      signal,
      open: () => client.messages.create(body as unknown as MessageCreateParamsStreaming, { signal }),
      assembler: new AnthropicStreamAssembler(),
      classify: (error) => classifyAnthropicError(error, sdk, signal, timeoutMs),
    });
  }
}
