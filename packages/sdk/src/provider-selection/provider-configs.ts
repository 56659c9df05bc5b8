import type { Env } from "../keel-home.js";
import type { ChatQuirkSettings, ProviderSettings } from "../settings/settings-schema.js";
import { BUILTIN_PROVIDERS, openaiAutoApi, type ProviderApi } from "./builtin-providers.js";

/** One usable provider: a built-in (maybe refined by settings) or one defined in settings. */
export interface ProviderConfig {
  name: string;
  api: ProviderApi;
  /** Undefined: the API's official endpoint. */
  baseUrl?: string;
  /** Credential variables, tried in order; empty for a keyless (local) server. */
  keyEnvs: readonly string[];
  headers?: Record<string, string>;
  quirks?: ChatQuirkSettings;
  /** Models listed in settings; naming one selects this provider. */
  models: readonly string[];
  /** Used when no model is named. */
  defaultModel?: string;
  builtin: boolean;
  /** Where a missing credential is configured, for messages (`providers.local.apiKeyEnv`). */
  keyHint?: string;
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * Built-in providers (`anthropic`, `openai`, `openai-chat`, `openai-responses`) from the
 * environment, each refined by a settings entry of the same name, plus the providers settings
 * define. Insertion order: built-ins first, then settings order.
 */
export function resolveProviderConfigs(
  settings: Readonly<Record<string, ProviderSettings>>,
  env: Env,
): Map<string, ProviderConfig> {
  const configs = new Map<string, ProviderConfig>();
  for (const [name, builtin] of Object.entries(BUILTIN_PROVIDERS)) {
    const entry = settings[name] ?? {};
    const baseUrl = entry.baseUrl ?? nonEmpty(env[builtin.baseUrlEnv]);
    const api = entry.api ?? (builtin.api === "openai-auto" ? openaiAutoApi(baseUrl) : builtin.api);
    configs.set(name, {
      name,
      api,
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      keyEnvs: entry.apiKeyEnv ? [entry.apiKeyEnv] : builtin.keyEnvs,
      ...(entry.headers ? { headers: entry.headers } : {}),
      ...(entry.quirks ? { quirks: entry.quirks } : {}),
      models: entry.models ?? [],
      defaultModel: entry.models?.[0] ?? builtin.defaultModel,
      builtin: true,
      ...(entry.apiKeyEnv ? { keyHint: `providers.${name}.apiKeyEnv` } : {}),
    });
  }
  for (const [name, entry] of Object.entries(settings)) {
    if (configs.has(name) || entry.api === undefined) continue;
    configs.set(name, {
      name,
      api: entry.api,
      ...(entry.baseUrl !== undefined ? { baseUrl: entry.baseUrl } : {}),
      keyEnvs: entry.apiKeyEnv ? [entry.apiKeyEnv] : [],
      ...(entry.headers ? { headers: entry.headers } : {}),
      ...(entry.quirks ? { quirks: entry.quirks } : {}),
      models: entry.models ?? [],
      ...(entry.models?.[0] !== undefined ? { defaultModel: entry.models[0] } : {}),
      builtin: false,
      keyHint: `providers.${name}.apiKeyEnv`,
    });
  }
  return configs;
}
