import type { Env } from "../keel-home.js";
import {
  BUILTIN_KEY_ENVS,
  BUILTIN_PROVIDERS,
  isLoopbackUrl,
  OFFICIAL_BASE_URLS,
  openaiAutoApi,
  originOf,
  type ProviderApi,
} from "../provider-selection/builtin-providers.js";
import type { ProviderSettings } from "./settings-schema.js";

/** The API an entry ends up speaking (mirrors provider selection). */
function apiOf(name: string, entry: ProviderSettings, env: Env): ProviderApi {
  if (entry.api) return entry.api;
  const builtin = BUILTIN_PROVIDERS[name];
  if (!builtin) return "openai-chat"; // unreachable: validation requires `api` for new providers
  if (builtin.api !== "openai-auto") return builtin.api;
  return openaiAutoApi(entry.baseUrl ?? nonEmpty(env[builtin.baseUrlEnv]));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * Why an untrusted project's provider entry must not apply, or undefined when it is harmless.
 * A repository's `.keel/settings.json` arrives with the code: it must not send the user's
 * Anthropic/OpenAI key anywhere but that key's own API (or the base URL the user set in the
 * environment), nor send the session — prompts, files the tools read — to a new remote host.
 * Keyless or self-named keys to a loopback server (a local Ollama, vLLM) stay allowed.
 */
export function untrustedProviderProblem(
  name: string,
  entry: ProviderSettings,
  env: Env,
): string | undefined {
  const builtin = BUILTIN_PROVIDERS[name];
  const api = apiOf(name, entry, env);
  const destination =
    entry.baseUrl ?? (builtin ? nonEmpty(env[builtin.baseUrlEnv]) : undefined) ?? OFFICIAL_BASE_URLS[api];
  const origin = originOf(destination) ?? destination;
  const userChosen = new Set(
    [
      ...Object.values(OFFICIAL_BASE_URLS),
      nonEmpty(env.ANTHROPIC_BASE_URL),
      nonEmpty(env.OPENAI_BASE_URL),
    ].flatMap((url) => (url ? [originOf(url)] : [])),
  );
  const keyEnvs = entry.apiKeyEnv ? [entry.apiKeyEnv] : (builtin?.keyEnvs ?? []);
  for (const keyEnv of keyEnvs) {
    const own = BUILTIN_KEY_ENVS[keyEnv];
    if (!own) continue;
    const allowed = [OFFICIAL_BASE_URLS[own.api], nonEmpty(env[own.baseUrlEnv])].map((u) => u && originOf(u));
    if (!allowed.includes(originOf(destination))) return `it would send ${keyEnv} to ${origin}`;
  }
  if (
    entry.baseUrl !== undefined &&
    !userChosen.has(originOf(entry.baseUrl)) &&
    !isLoopbackUrl(entry.baseUrl)
  )
    return `it would send this session's prompts and files to ${origin}`;
  return undefined;
}
