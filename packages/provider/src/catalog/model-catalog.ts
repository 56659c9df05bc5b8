/** Prices in USD per million tokens. */
export interface ModelPrice {
  /** Uncached input. */
  inputPerMTok: number;
  outputPerMTok: number;
  /** Cache write (Anthropic: the 5-minute rate; OpenAI: the published cache-write rate, else the input rate). */
  cacheWritePerMTok: number;
  cacheReadPerMTok: number;
  /**
   * A long-context tier: a request whose prompt (input + cache read + cache write) exceeds
   * `aboveInputTokens` is billed at these multiples for the whole request (OpenAI: above 272K,
   * 2× input and cache rates, 1.5× output).
   */
  longContext?: { aboveInputTokens: number; inputMultiplier: number; outputMultiplier: number };
}

export interface ModelInfo {
  /** Canonical id, e.g. `claude-sonnet-4-5`. */
  id: string;
  /** Other ids that name the same model, e.g. `claude-opus-4-0`. */
  aliases?: string[];
  /** The built-in provider that serves it (`anthropic`, `openai`); used to pick a provider from a model id. */
  provider?: string;
  contextWindow: number;
  maxOutputTokens: number;
  price: ModelPrice;
  /** Date (YYYY-MM-DD) the prices were checked. */
  pricesAsOf: string;
}

/** Settings `models` entry: corrects or adds what the built-in table says about one model. */
export interface ModelOverride {
  contextWindow?: number;
  maxOutputTokens?: number;
  price?: Partial<
    Pick<ModelPrice, "inputPerMTok" | "outputPerMTok" | "cacheReadPerMTok" | "cacheWritePerMTok">
  >;
}

/** Keyed by model id (`qwen3`, any provider) or `provider/id` (`local/qwen3`, that provider only). */
export type ModelOverrides = Readonly<Record<string, ModelOverride>>;

/** What `lookup` answers: always a usable description, with how much of it is known. */
export interface ResolvedModel extends ModelInfo {
  /** False when neither the table nor an override names the model: window and output are defaults. */
  known: boolean;
  /** False when no price is known: the price fields are 0 and cost must be reported as unknown, not free. */
  priced: boolean;
}

export interface ModelCatalog {
  /** The built-in (or given) table, without overrides. */
  readonly entries: readonly ModelInfo[];
  /**
   * The model for `id` served by `provider` (optional; `id` may also be `provider/id`). Matches an
   * exact id or alias, then the id without a snapshot suffix (`claude-sonnet-4-5-20250929`,
   * `gpt-5-nano-2025-08-07`, `…@20250929`, `…-latest`), then a gateway-style id's last segment
   * (`anthropic/claude-sonnet-4-5`); never a guess from a shorter family name. Overrides for the
   * bare id apply first, then those for `provider/id`. Unknown ids get `UNKNOWN_MODEL_DEFAULTS`
   * with `known: false`, so callers never have to handle a missing model.
   */
  lookup(id: string, provider?: string): ResolvedModel;
}

/**
 * Window and output assumed for a model nobody described. 128K is the smallest window among
 * current hosted models and the usual ceiling of open-weight ones (Llama 3.x, Qwen3, Mistral,
 * DeepSeek), so a new hosted model is not compacted absurdly early; a smaller local model
 * overflows with a context error that reactive compaction handles, and its real window belongs
 * in settings `models`. 8192 output tokens is the agent's default request size, which every
 * server we know accepts.
 */
export const UNKNOWN_MODEL_DEFAULTS = { contextWindow: 128_000, maxOutputTokens: 8_192 } as const;

/** Snapshot/alias suffixes that name the same model: `-20250929`, `-2025-08-07`, `@20250929`, `-latest`, `-v1:0`. */
const SNAPSHOT_SUFFIX = /(?:[-@]\d{8}|-\d{4}-\d{2}-\d{2})?(?:-v\d+(?::\d+)?)?(?:-latest)?$/;

const normalize = (id: string) => id.trim().toLowerCase();
const withoutSnapshot = (id: string) => id.replace(SNAPSHOT_SUFFIX, "");

function getEither<T>(map: ReadonlyMap<string, T>, key: string): T | undefined {
  return map.get(key) ?? map.get(withoutSnapshot(key));
}

function applyOverride(model: ResolvedModel, override: ModelOverride | undefined): ResolvedModel {
  if (!override) return model;
  const out: ResolvedModel = { ...model, known: true, price: { ...model.price } };
  if (override.contextWindow !== undefined) out.contextWindow = override.contextWindow;
  if (override.maxOutputTokens !== undefined) out.maxOutputTokens = override.maxOutputTokens;
  const p = override.price;
  if (p === undefined) return out;
  if (model.priced) {
    Object.assign(out.price, definedOnly(p));
    return out;
  }
  // A model the table does not price needs both main rates; cache rates default to the input
  // rate (no discount assumed), which can only overstate the cost.
  const input = p.inputPerMTok;
  if (input === undefined || p.outputPerMTok === undefined) return out;
  out.price = {
    inputPerMTok: input,
    outputPerMTok: p.outputPerMTok,
    cacheReadPerMTok: p.cacheReadPerMTok ?? input,
    cacheWritePerMTok: p.cacheWritePerMTok ?? input,
  };
  out.priced = true;
  return out;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `specific` over `general`, field by field (price fields too). */
function mergeOverrides(
  general: ModelOverride | undefined,
  specific: ModelOverride | undefined,
): ModelOverride | undefined {
  if (!general || !specific) return specific ?? general;
  const merged: ModelOverride = { ...general, ...definedOnly(specific) };
  if (general.price || specific.price)
    merged.price = { ...general.price, ...definedOnly(specific.price ?? {}) };
  return merged;
}

/** A catalog over `entries`, corrected by settings `overrides` (the `models` map). */
export function createModelCatalog(
  entries: readonly ModelInfo[],
  overrides: ModelOverrides = {},
): ModelCatalog {
  const byId = new Map<string, ModelInfo>();
  for (const entry of entries) {
    for (const name of [entry.id, ...(entry.aliases ?? [])]) byId.set(normalize(name), entry);
  }
  const overrideByKey = new Map<string, ModelOverride>();
  for (const [key, value] of Object.entries(overrides)) overrideByKey.set(normalize(key), value);

  const findBase = (bare: string): ModelInfo | undefined => {
    const found = getEither(byId, bare);
    if (found || !bare.includes("/")) return found;
    return getEither(byId, bare.slice(bare.lastIndexOf("/") + 1));
  };

  return {
    entries,
    lookup(id: string, provider?: string): ResolvedModel {
      const key = normalize(id);
      let prefix = provider === undefined ? undefined : normalize(provider);
      let bare = key;
      const slash = key.indexOf("/");
      if (prefix === undefined && slash > 0) {
        prefix = key.slice(0, slash);
        bare = key.slice(slash + 1);
      }
      const base = findBase(bare) ?? (bare === key ? undefined : findBase(key));
      const model: ResolvedModel = base
        ? { ...base, price: { ...base.price }, known: true, priced: true }
        : {
            id: id.trim(),
            ...UNKNOWN_MODEL_DEFAULTS,
            price: { inputPerMTok: 0, outputPerMTok: 0, cacheWritePerMTok: 0, cacheReadPerMTok: 0 },
            pricesAsOf: "",
            known: false,
            priced: false,
          };
      const qualified = prefix === undefined ? undefined : getEither(overrideByKey, `${prefix}/${bare}`);
      return applyOverride(model, mergeOverrides(getEither(overrideByKey, bare), qualified));
    },
  };
}
