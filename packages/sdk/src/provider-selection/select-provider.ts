import { defaultModelCatalog, type ModelCatalog, type ModelProvider } from "@keel/provider";
import type { Env } from "../keel-home.js";
import { SdkError } from "../sdk-error.js";
import type { ProviderSettings } from "../settings/settings-schema.js";
import { type CreateProvider, createProvider as realProvider } from "./create-provider.js";
import { nonEmpty, type ProviderConfig, resolveProviderConfigs } from "./provider-configs.js";

export interface SelectProviderOptions {
  /** Defaults to nothing set: pass `process.env` (or a copy) explicitly. */
  env: Env;
  /** `--provider`: a built-in or settings provider name. */
  providerName?: string;
  /** `--model`: an id, or `provider/id` (`openai/gpt-6.2-sol`, `local/qwen3`). */
  model?: string;
  /** Settings `model`: used after `--model` and `ANTHROPIC_MODEL`. */
  settingsModel?: string;
  /** Settings `providers`. */
  providers?: Readonly<Record<string, ProviderSettings>>;
  /** Tells which provider serves a model id. Default: the built-in catalog. */
  catalog?: ModelCatalog;
  /** Default: the real adapters. */
  createProvider?: CreateProvider;
}

/** The chosen provider and model. Safe to log: it names where the key came from, never the key. */
export interface ProviderSelection {
  provider: ModelProvider;
  providerName: string;
  /** The id sent to the API (without a `provider/` prefix). */
  model: string;
  /** The wire API; absent for a provider an embedder passed in. */
  api?: ProviderConfig["api"];
  /** The variable that supplied the credential, or `"none"` (keyless server, injected provider). */
  apiKeySource: string;
}

/** Model families whose provider is clear even before the catalog knows the model. */
const FAMILY_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/^claude-/i, "anthropic"],
  [/^(gpt-|chatgpt-|codex-|o\d)/i, "openai"],
];

/** Built-ins tried, in order, when only a key tells which provider to use. */
const KEY_ORDER = ["anthropic", "openai"] as const;

function listNames(configs: Map<string, ProviderConfig>): string {
  return [...configs.keys()].join(", ");
}

function hasKey(config: ProviderConfig, env: Env): boolean {
  return config.keyEnvs.some((name) => nonEmpty(env[name]) !== undefined);
}

/** The provider a model id points to (settings lists, then the catalog, then family names). */
function providerForModel(
  model: string,
  configs: Map<string, ProviderConfig>,
  catalog: ModelCatalog,
): string | undefined {
  const listing = [...configs.values()].filter((c) => c.models.includes(model)).map((c) => c.name);
  if (listing.length > 1) {
    throw new SdkError(
      "config",
      `Model "${model}" is listed by several providers (${listing.join(", ")}). Pick one with --provider <name> or write it as <provider>/${model}.`,
    );
  }
  if (listing[0] !== undefined) return listing[0];
  const known = catalog.lookup(model);
  if (known.known && known.provider !== undefined && configs.has(known.provider)) return known.provider;
  return FAMILY_PATTERNS.find(([pattern]) => pattern.test(model))?.[1];
}

/** The provider to use when nothing names one: whichever key is set (Anthropic first), else the only settings provider. */
function providerFromKeys(configs: Map<string, ProviderConfig>, env: Env): string {
  for (const name of KEY_ORDER) {
    const config = configs.get(name);
    if (config && hasKey(config, env)) return name;
  }
  const custom = [...configs.values()].filter((c) => !c.builtin);
  if (custom.length === 1 && custom[0] !== undefined) return custom[0].name;
  throw new SdkError(
    "config",
    `API key missing: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN) or OPENAI_API_KEY, or pass --provider <name> (configured providers: ${listNames(configs)}).`,
  );
}

/** Splits `provider/model` when the prefix names a configured provider; otherwise the whole string is the model. */
export function splitModelSpec(
  spec: string,
  providerNames: ReadonlySet<string> | Map<string, unknown>,
): { providerName?: string; model: string } {
  const slash = spec.indexOf("/");
  if (slash > 0 && providerNames.has(spec.slice(0, slash))) {
    return { providerName: spec.slice(0, slash), model: spec.slice(slash + 1) };
  }
  return { model: spec };
}

/**
 * Chooses the provider and model (ARCHITECTURE: `sdk` chooses the provider from config/env).
 * The provider: `--provider` > the model's `provider/` prefix > the provider that serves the
 * model id (a settings `models` list, the catalog, `claude-*` → anthropic, `gpt-*`/`o*` →
 * openai) > whichever key is set (Anthropic first) > the only settings-defined provider. The
 * model: `--model` > `ANTHROPIC_MODEL` (unless `--provider` names a non-Anthropic provider) >
 * settings `model` > the provider's default. Throws `SdkError` naming the missing variable or
 * the unknown provider with the configured ones.
 */
export function selectProvider(options: SelectProviderOptions): ProviderSelection {
  const { env } = options;
  const configs = resolveProviderConfigs(options.providers ?? {}, env);
  const explicit = nonEmpty(options.providerName);
  const explicitConfig = explicit === undefined ? undefined : configs.get(explicit);
  if (explicit !== undefined && !explicitConfig) {
    throw new SdkError(
      "config",
      `Unknown provider "${explicit}". Configured providers: ${listNames(configs)}. Define others under "providers" in settings.`,
    );
  }
  const envModel =
    explicitConfig && explicitConfig.api !== "anthropic" ? undefined : nonEmpty(env.ANTHROPIC_MODEL);
  const spec = nonEmpty(options.model) ?? envModel ?? nonEmpty(options.settingsModel);

  let providerName: string;
  let model: string | undefined;
  if (explicit !== undefined) {
    providerName = explicit;
    // `--provider openrouter --model openai/gpt-x` keeps the gateway's own id whole.
    model = spec?.startsWith(`${explicit}/`) ? spec.slice(explicit.length + 1) : spec;
  } else if (spec !== undefined) {
    const split = splitModelSpec(spec, configs);
    model = split.model;
    providerName =
      split.providerName ??
      providerForModel(split.model, configs, options.catalog ?? defaultModelCatalog()) ??
      providerFromKeys(configs, env);
  } else {
    providerName = providerFromKeys(configs, env);
  }
  const config = configs.get(providerName) as ProviderConfig;
  model ??= config.defaultModel;
  if (model === undefined || model === "") {
    throw new SdkError(
      "config",
      `Provider "${providerName}" has no default model: pass --model <id> or list models under providers.${providerName}.models in settings.`,
    );
  }

  const keyEnv = config.keyEnvs.find((name) => nonEmpty(env[name]) !== undefined);
  if (config.keyEnvs.length > 0 && keyEnv === undefined) {
    const where = config.keyHint ? ` (${config.keyHint} in settings)` : "";
    const vars =
      config.keyEnvs.length === 2
        ? `${config.keyEnvs[0]} (or ${config.keyEnvs[1]})`
        : config.keyEnvs.join(" or ");
    throw new SdkError(
      "config",
      `API key missing for provider "${providerName}" (model ${model}): set ${vars}${where}, or pick another provider with --provider <name> (configured: ${listNames(configs)}).`,
    );
  }
  const secret = keyEnv === undefined ? undefined : nonEmpty(env[keyEnv]);
  const create = options.createProvider ?? realProvider;
  const provider = create({
    name: providerName,
    api: config.api,
    ...(config.baseUrl !== undefined ? { baseUrl: config.baseUrl } : {}),
    ...(secret !== undefined
      ? keyEnv === "ANTHROPIC_AUTH_TOKEN"
        ? { authToken: secret }
        : { apiKey: secret }
      : {}),
    ...(config.headers ? { headers: config.headers } : {}),
    ...(config.quirks ? { quirks: config.quirks } : {}),
  });
  return { provider, providerName, model, api: config.api, apiKeySource: keyEnv ?? "none" };
}
