/** The wire APIs Keel speaks. */
export const PROVIDER_APIS = ["anthropic", "openai-chat", "openai-responses"] as const;
export type ProviderApi = (typeof PROVIDER_APIS)[number];

/** Where each API lives when no base URL is configured. */
export const OFFICIAL_BASE_URLS: Readonly<Record<ProviderApi, string>> = {
  anthropic: "https://api.anthropic.com",
  "openai-chat": "https://api.openai.com/v1",
  "openai-responses": "https://api.openai.com/v1",
};

export interface BuiltinProvider {
  /**
   * `openai-auto`: the Responses API on OpenAI's own endpoint (the GPT-6 models call tools only
   * there), Chat Completions when `OPENAI_BASE_URL` points elsewhere (what compatible servers speak).
   */
  api: ProviderApi | "openai-auto";
  /** Credential variables, tried in order. */
  keyEnvs: readonly string[];
  /** Variable that moves the endpoint. */
  baseUrlEnv: string;
  /** Model used when none is named. */
  defaultModel: string;
}

export const BUILTIN_PROVIDERS: Readonly<Record<string, BuiltinProvider>> = {
  anthropic: {
    api: "anthropic",
    keyEnvs: ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"],
    baseUrlEnv: "ANTHROPIC_BASE_URL",
    defaultModel: "claude-sonnet-5-5",
  },
  openai: {
    api: "openai-auto",
    keyEnvs: ["OPENAI_API_KEY"],
    baseUrlEnv: "OPENAI_BASE_URL",
    defaultModel: "gpt-6.2-sol",
  },
  "openai-chat": {
    api: "openai-chat",
    keyEnvs: ["OPENAI_API_KEY"],
    baseUrlEnv: "OPENAI_BASE_URL",
    defaultModel: "gpt-6.2-sol",
  },
  "openai-responses": {
    api: "openai-responses",
    keyEnvs: ["OPENAI_API_KEY"],
    baseUrlEnv: "OPENAI_BASE_URL",
    defaultModel: "gpt-6.2-sol",
  },
};

/**
 * The credentials Keel reads on its own, each with the only endpoints it may be sent to without
 * the user saying so: its official API and the base URL the user set in the environment.
 */
export const BUILTIN_KEY_ENVS: Readonly<Record<string, { api: ProviderApi; baseUrlEnv: string }>> = {
  ANTHROPIC_API_KEY: { api: "anthropic", baseUrlEnv: "ANTHROPIC_BASE_URL" },
  ANTHROPIC_AUTH_TOKEN: { api: "anthropic", baseUrlEnv: "ANTHROPIC_BASE_URL" },
  OPENAI_API_KEY: { api: "openai-responses", baseUrlEnv: "OPENAI_BASE_URL" },
};

export function isBuiltinProvider(name: string): boolean {
  return Object.hasOwn(BUILTIN_PROVIDERS, name);
}

/** `https://host:port` of a URL, or undefined when it does not parse. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Whether `url` is on this machine (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** The API `openai` resolves to for a base URL (see `openai-auto`). */
export function openaiAutoApi(baseUrl: string | undefined): ProviderApi {
  if (baseUrl === undefined) return "openai-responses";
  return originOf(baseUrl) === originOf(OFFICIAL_BASE_URLS["openai-responses"])
    ? "openai-responses"
    : "openai-chat";
}
