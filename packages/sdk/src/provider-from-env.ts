import type { Env } from "./keel-home.js";
import { type ProviderSelection, selectProvider } from "./provider-selection/select-provider.js";
import { SdkError } from "./sdk-error.js";

export type { ProviderSelection } from "./provider-selection/select-provider.js";

/**
 * The provider the environment alone points to (`ANTHROPIC_API_KEY`/`ANTHROPIC_AUTH_TOKEN`,
 * `ANTHROPIC_BASE_URL`, `ANTHROPIC_MODEL`; else `OPENAI_API_KEY`, `OPENAI_BASE_URL`), without
 * settings. Kept for embedders; `createAgent` uses `selectProvider` with settings.
 */
export function providerFromEnv(env: Env): ProviderSelection {
  return selectProvider({ env });
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
