import type { Usage } from "@keel/protocol";
import {
  createModelCatalog,
  DEFAULT_MODELS,
  type ModelCatalog,
  type ModelInfo,
  type ModelProvider,
  priceUsage,
} from "@keel/provider";
import type { Env } from "../keel-home.js";
import { SdkError } from "../sdk-error.js";
import type { LoadedSettings } from "../settings/load-settings.js";
import type { ModelSettings } from "../settings/settings-schema.js";
import type { CreateProvider } from "./create-provider.js";
import { nonEmpty, resolveProviderConfigs } from "./provider-configs.js";
import { modelSelector, type SelectModel } from "./select-model.js";
import { type ProviderSelection, selectProvider, splitModelSpec } from "./select-provider.js";

/** Used with an injected provider when nothing names a model. */
export const DEFAULT_MODEL = "claude-sonnet-5-5";

export interface AgentProviderOptions {
  env: Env;
  settings: Pick<LoadedSettings, "providers" | "models" | "model" | "fallbackModel" | "warnings">;
  /** `--provider`. */
  providerName?: string;
  /** `--model` (`id` or `provider/id`). */
  model?: string;
  /** `--fallback-model`; else settings `fallbackModel`. */
  fallbackModel?: string;
  /** The resumed session's header model (`provider/id`, or a bare id from older sessions). */
  resumedModel?: string;
  /** An embedder's own provider: no selection, no credentials read. */
  provider?: ModelProvider;
  createProvider?: CreateProvider;
  catalog?: readonly ModelInfo[];
  /** Laid over settings `models`. */
  modelOverrides?: Readonly<Record<string, ModelSettings>>;
}

export interface AgentProviders {
  selection: ProviderSelection;
  fallback?: { model: string; provider: ModelProvider; providerName: string };
  catalog: ModelCatalog;
  /** Prices a response of `model` (the primary or the fallback) through the overridden catalog. */
  price: (model: string, usage: Usage) => { costUsd: number; known: boolean };
  selectModel: SelectModel;
  /** `provider/model`, what the session header records so a resume finds the same provider. */
  sessionModel: string;
}

/** The provider, fallback, catalog and pricing for one agent, from options, settings and env. */
export function agentProviders(options: AgentProviderOptions): AgentProviders {
  const { env, settings } = options;
  const catalog = createModelCatalog(options.catalog ?? DEFAULT_MODELS, {
    ...settings.models,
    ...options.modelOverrides,
  });
  const names = new Set(resolveProviderConfigs(settings.providers, env).keys());
  if (options.provider) names.add(options.providerName ?? options.provider.id);
  // A resumed session keeps its model unless the user switches provider at resume time.
  let resumed = nonEmpty(options.resumedModel);
  const resumedPrefix = resumed === undefined ? undefined : splitModelSpec(resumed, names).providerName;
  if (
    options.providerName !== undefined &&
    resumedPrefix !== undefined &&
    resumedPrefix !== options.providerName
  )
    resumed = undefined;
  // Headers record `provider/model`: an unknown prefix means that provider is gone from settings.
  const resumedGone = resumed?.includes("/") && resumedPrefix === undefined;
  if (
    resumedGone &&
    !options.provider &&
    options.providerName === undefined &&
    nonEmpty(options.model) === undefined
  ) {
    throw new SdkError(
      "config",
      `This session used provider "${resumed?.split("/")[0]}", which is not configured now. Define it under "providers" in settings, or resume with --model <id> (configured: ${[...names].join(", ")}).`,
    );
  }
  if (resumedGone) resumed = undefined;
  const settingsModel = resumed ?? settings.model;
  const context = {
    env,
    providers: settings.providers,
    catalog,
    ...(options.createProvider ? { createProvider: options.createProvider } : {}),
  };

  let selection: ProviderSelection;
  if (options.provider) {
    const providerName = options.providerName ?? options.provider.id;
    const spec = nonEmpty(options.model) ?? nonEmpty(env.ANTHROPIC_MODEL) ?? settingsModel ?? DEFAULT_MODEL;
    const model = spec.startsWith(`${providerName}/`) ? spec.slice(providerName.length + 1) : spec;
    selection = { provider: options.provider, providerName, model, apiKeySource: "none" };
  } else {
    selection = selectProvider({
      ...context,
      ...(options.providerName !== undefined ? { providerName: options.providerName } : {}),
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(settingsModel !== undefined ? { settingsModel } : {}),
    });
  }

  const selectModel = modelSelector(context);
  let fallback: AgentProviders["fallback"];
  const fallbackSpec = nonEmpty(options.fallbackModel) ?? nonEmpty(settings.fallbackModel);
  let chosen: ProviderSelection | undefined;
  try {
    chosen = fallbackSpec === undefined ? undefined : selectModel(fallbackSpec);
  } catch (error) {
    // A broken `--fallback-model` is the user's explicit request: fail. One from settings: say so and go on.
    if (options.fallbackModel !== undefined || !(error instanceof SdkError)) throw error;
    settings.warnings.push(`fallbackModel: ${error.message} No fallback is used.`);
  }
  if (chosen !== undefined) {
    if (chosen.model === selection.model && chosen.providerName === selection.providerName) {
      if (options.fallbackModel !== undefined)
        throw new SdkError(
          "config",
          `--fallback-model names the main model (${selection.model}); pick a different model.`,
        );
      settings.warnings.push(`fallbackModel: "${fallbackSpec}" is the main model; no fallback is used`);
    } else {
      fallback = { model: chosen.model, provider: chosen.provider, providerName: chosen.providerName };
    }
  }

  const providerOf = (model: string) =>
    fallback && model === fallback.model && model !== selection.model
      ? fallback.providerName
      : selection.providerName;
  return {
    selection,
    ...(fallback ? { fallback } : {}),
    catalog,
    price: (model, usage) => priceUsage(usage, model, catalog, providerOf(model)),
    selectModel,
    sessionModel: `${selection.providerName}/${selection.model}`,
  };
}
