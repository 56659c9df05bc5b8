import type { ProviderEvent } from "@keel/protocol";
import type { ResponseCreateParamsStreaming } from "openai/resources/responses/responses";
import type { ModelProvider, ModelRequest, StreamHooks } from "../model-provider.js";
import { abortedError, ProviderError } from "../provider-error.js";
import { classifyOpenAIResponsesError, type OpenAISdk } from "./error-classification.js";
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

type OpenAIClient = InstanceType<OpenAISdk["OpenAI"]>;

let sdkModule: Promise<OpenAISdk> | undefined;

/** Loaded on first use so that importing `@keel/provider` (e.g. `keel --version`) stays cheap. */
function loadSdk(): Promise<OpenAISdk> {
  sdkModule ??= import("openai");
  return sdkModule;
}

/** A fetch whose response bodies report every chunk that arrives (keep-alive comments included). */
function observeBytes(fetchFn: typeof globalThis.fetch, onActivity: () => void): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    onActivity();
    if (!response.body) return response;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          onActivity();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

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
    // Every option the SDK would otherwise take from the environment is passed explicitly.
    this.#client = new sdk.OpenAI({
      apiKey,
      adminAPIKey: null,
      organization: null,
      project: null,
      webhookSecret: null,
      baseURL: baseUrl ?? DEFAULT_BASE_URL,
      maxRetries: 0,
      timeout: requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // The SDK would print malformed-frame diagnostics to the console; failures are thrown instead.
      logLevel: "off",
      ...(fetch ? { fetch } : {}),
      ...(headers ? { defaultHeaders: headers } : {}),
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
    const timeoutMs = this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const classify = (error: unknown) => classifyOpenAIResponsesError(error, sdk, signal, timeoutMs);

    const store = this.#options.store ?? false;
    const body = toResponsesRequestBody(request, {
      store,
      includeEncryptedReasoning: this.#options.includeEncryptedReasoning ?? true,
    });
    let events: AsyncIterator<unknown>;
    try {
      const stream = await client.responses.create(body as unknown as ResponseCreateParamsStreaming, {
        signal,
      });
      events = stream[Symbol.asyncIterator]();
    } catch (error) {
      throw classify(error);
    }

    const assembler = new ResponsesStreamAssembler();
    let finished = false;
    try {
      for (;;) {
        let next: IteratorResult<unknown>;
        try {
          next = await events.next();
        } catch (error) {
          throw classify(error);
        }
        if (next.done) break;
        yield* assembler.accept(next.value);
      }
      finished = true;
    } finally {
      // Stopping early (consumer broke out, error) aborts the HTTP request.
      if (!finished) await events.return?.().catch(() => undefined);
    }
    // The SDK ends the stream quietly when the signal aborts; that is not a completed response.
    if (signal.aborted) throw abortedError(signal.reason);
    yield { type: "message_end", response: assembler.finish() };
  }
}
