import type { ProviderEvent } from "@keel/protocol";
import type { ResponseCreateParamsStreaming } from "openai/resources/responses/responses";
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
import { classifyOpenAIResponsesError } from "./error-classification.js";
import { ResponsesStreamAssembler } from "./stream-assembler.js";
import { toResponsesRequestBody } from "./wire-request.js";

export interface OpenAIResponsesProviderOptions {
  /** API key, sent as `Authorization: Bearer`. Required; the environment is never read here. */
  apiKey?: string;
  /** Default `https://api.openai.com/v1` (the base that `/responses` is appended to). */
  baseUrl?: string;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Sent with every request (gateways, organization/project headers). */
  headers?: Record<string, string>;
  /**
   * `store` sent to the API. Default false: nothing is kept server-side, every request carries
   * the whole conversation, and reasoning items travel as encrypted content.
   */
  store?: boolean;
  /**
   * With `store: false`, ask for `include: ["reasoning.encrypted_content"]` so reasoning is
   * carried across turns. Default true; turn off for models that reject it ("Encrypted content
   * is not supported with this model", e.g. non-reasoning models).
   */
  includeEncryptedReasoning?: boolean;
  /** Time allowed until response headers arrive. Default 600000 (the SDK's default). */
  requestTimeoutMs?: number;
}

const DEFAULT_BASE_URL = "https://api.openai.com/v1";
const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;

/**
 * `ModelProvider` over the official OpenAI SDK's streaming Responses API (`POST /responses`).
 * It never retries (the SDK's retries are off; `streamWithRetry` owns retries) and throws a
 * classified `ProviderError` for every failure.
 */
export class OpenAIResponsesProvider implements ModelProvider {
  readonly id = "openai-responses";
  readonly #options: OpenAIResponsesProviderOptions;
  #client: OpenAIClient | undefined;

  constructor(options: OpenAIResponsesProviderOptions) {
    this.#options = { ...options };
  }

  #clientFor(sdk: OpenAISdk): OpenAIClient {
    if (this.#client) return this.#client;
    const { apiKey, baseUrl, fetch, headers, requestTimeoutMs } = this.#options;
    if (!apiKey) {
      throw new ProviderError({
        kind: "auth",
        retryable: false,
        message: "No OpenAI API key: set OPENAI_API_KEY and try again.",
      });
    }
    this.#client = createOpenAIClient(sdk, {
      apiKey,
      baseURL: baseUrl ?? DEFAULT_BASE_URL,
      timeout: requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      fetch,
      defaultHeaders: headers,
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
    const timeoutMs = this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const body = toResponsesRequestBody(request, {
      store: this.#options.store ?? false,
      includeEncryptedReasoning: this.#options.includeEncryptedReasoning ?? true,
    });
    yield* streamAssembled({
      signal,
      open: () => client.responses.create(body as unknown as ResponseCreateParamsStreaming, { signal }),
      assembler: new ResponsesStreamAssembler(),
      classify: (error) => classifyOpenAIResponsesError(error, sdk, signal, timeoutMs),
    });
  }
}
