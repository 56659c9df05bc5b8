/** The `openai` module; loaded lazily (see `loadOpenAISdk`). */
export type OpenAISdk = typeof import("openai");

export type OpenAIClient = InstanceType<OpenAISdk["OpenAI"]>;

let sdkModule: Promise<OpenAISdk> | undefined;

/** Loaded on first use so that importing `@keel/provider` (e.g. `keel --version`) stays cheap. */
export function loadOpenAISdk(): Promise<OpenAISdk> {
  sdkModule ??= import("openai");
  return sdkModule;
}

export interface OpenAIClientOptions {
  apiKey: string;
  baseURL: string;
  /** Time allowed until response headers arrive. */
  timeout: number;
  fetch?: typeof globalThis.fetch | undefined;
  /** A null value removes a header the SDK would send (e.g. `Authorization` without a key). */
  defaultHeaders?: Record<string, string | null> | undefined;
}

/**
 * An SDK client for both OpenAI adapters. Every option the SDK would otherwise take from the
 * environment is passed explicitly (null = "not this one"); its retries are off
 * (`streamWithRetry` owns retries) and so is its logging: failures surface as ProviderErrors, and
 * the SDK must not write to the terminal (TUI).
 */
export function createOpenAIClient(sdk: OpenAISdk, options: OpenAIClientOptions): OpenAIClient {
  const { fetch, defaultHeaders } = options;
  return new sdk.OpenAI({
    apiKey: options.apiKey,
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: options.timeout,
    logLevel: "off",
    ...(fetch ? { fetch } : {}),
    ...(defaultHeaders ? { defaultHeaders } : {}),
  });
}
