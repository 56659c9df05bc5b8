import { isBuiltinProvider } from "../provider-selection/builtin-providers.js";
import {
  describeIssues,
  MODEL_SETTINGS,
  type ModelSettings,
  PROVIDER_NAME,
  PROVIDER_SETTINGS,
  type ProviderSettings,
  SETTINGS_KEYS,
  type SettingsData,
} from "./settings-schema.js";

type Warn = (message: string) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `providers`: each entry on its own, so one bad entry is reported and the others still apply. */
function validateProviders(raw: unknown, warn: Warn): Record<string, ProviderSettings> | undefined {
  if (!isObject(raw)) {
    warn("providers: expected an object of provider entries");
    return undefined;
  }
  const out: Record<string, ProviderSettings> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!PROVIDER_NAME.test(name)) {
      warn(`providers.${name}: provider names use letters, digits, ".", "_" and "-" (no "/"); entry ignored`);
      continue;
    }
    const r = PROVIDER_SETTINGS.safeParse(value);
    if (!r.success) {
      warn(`${describeIssues(`providers.${name}`, r.error)}; entry ignored`);
      continue;
    }
    if (r.data.api === undefined && !isBuiltinProvider(name)) {
      warn(
        `providers.${name}.api: required for a provider Keel does not know ("anthropic", "openai-chat" or "openai-responses"); entry ignored`,
      );
      continue;
    }
    out[name] = r.data;
  }
  return out;
}

/** `models`: each entry on its own. */
function validateModels(raw: unknown, warn: Warn): Record<string, ModelSettings> | undefined {
  if (!isObject(raw)) {
    warn("models: expected an object of model entries");
    return undefined;
  }
  const out: Record<string, ModelSettings> = {};
  for (const [id, value] of Object.entries(raw)) {
    const r = MODEL_SETTINGS.safeParse(value);
    if (r.success) out[id] = r.data;
    else warn(`${describeIssues(`models.${id}`, r.error)}; entry ignored`);
  }
  return out;
}

/**
 * The provider, model and compaction keys of one settings document: `providers`, `models`,
 * `fallbackModel`, `autoCompact`, `compaction`. Valid parts go into `data`; each problem is a
 * warning naming the key path.
 */
export function validateModelSettings(doc: Record<string, unknown>, data: SettingsData, warn: Warn): void {
  if (doc.providers !== undefined) {
    const providers = validateProviders(doc.providers, warn);
    if (providers) data.providers = providers;
  }
  if (doc.models !== undefined) {
    const models = validateModels(doc.models, warn);
    if (models) data.models = models;
  }
  if (doc.fallbackModel !== undefined) {
    const r = SETTINGS_KEYS.fallbackModel.safeParse(doc.fallbackModel);
    if (r.success) data.fallbackModel = typeof r.data === "string" ? r.data : r.data[0];
    else warn(describeIssues("fallbackModel", r.error));
  }
  if (doc.autoCompact !== undefined) {
    const r = SETTINGS_KEYS.autoCompact.safeParse(doc.autoCompact);
    if (r.success) data.autoCompact = r.data;
    else warn(describeIssues("autoCompact", r.error));
  }
  if (doc.compaction !== undefined) {
    const r = SETTINGS_KEYS.compaction.safeParse(doc.compaction);
    if (r.success) data.compaction = r.data;
    else warn(describeIssues("compaction", r.error));
  }
}
