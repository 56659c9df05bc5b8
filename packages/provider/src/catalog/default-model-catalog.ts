import { ANTHROPIC_MODELS } from "./anthropic-models.js";
import { createModelCatalog, type ModelCatalog, type ModelInfo } from "./model-catalog.js";
import { OPENAI_MODELS } from "./openai-models.js";

/** The built-in dated table: Anthropic and OpenAI models. */
export const DEFAULT_MODELS: readonly ModelInfo[] = [...ANTHROPIC_MODELS, ...OPENAI_MODELS];

let defaultCatalog: ModelCatalog | undefined;

/** The built-in catalog without overrides (built on first use). */
export function defaultModelCatalog(): ModelCatalog {
  defaultCatalog ??= createModelCatalog(DEFAULT_MODELS);
  return defaultCatalog;
}
