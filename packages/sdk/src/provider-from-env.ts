import { AnthropicProvider, type ModelProvider } from "@keel/provider";
import type { Env } from "./keel-home.js";
import { SdkError } from "./sdk-error.js";

export interface ProviderSelection {
  provider: ModelProvider;
  /** Which variable supplied the credential (never the value). */
  apiKeySource: "ANTHROPIC_API_KEY" | "ANTHROPIC_AUTH_TOKEN";
}

/** The Anthropic provider from `ANTHROPIC_API_KEY` / `ANTHROPIC_AUTH_TOKEN` / `ANTHROPIC_BASE_URL`. */
export function providerFromEnv(env: Env): ProviderSelection {
  const apiKey = nonEmpty(env.ANTHROPIC_API_KEY);
  const authToken = nonEmpty(env.ANTHROPIC_AUTH_TOKEN);
  const baseUrl = nonEmpty(env.ANTHROPIC_BASE_URL);
  if (!apiKey && !authToken) {
    throw new SdkError("config", "API key missing: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN).");
  }
  const provider = new AnthropicProvider({
    ...(apiKey ? { apiKey } : { authToken: authToken as string }),
    ...(baseUrl ? { baseUrl } : {}),
  });
  return { provider, apiKeySource: apiKey ? "ANTHROPIC_API_KEY" : "ANTHROPIC_AUTH_TOKEN" };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v && v.trim().length > 0 ? v.trim() : undefined;
}

/** A non-negative integer from the environment, or the default; bad values are an error. */
export function intFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new SdkError("config", `${name} must be a non-negative integer, got "${raw}".`);
  return n;
}
