/** Prices in USD per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** 5-minute cache write. */
  cacheWritePerMTok: number;
  cacheReadPerMTok: number;
}

export interface ModelInfo {
  /** Canonical id, e.g. `claude-sonnet-4-5`. */
  id: string;
  /** Other ids that name the same model, e.g. `claude-opus-4-0`. */
  aliases?: string[];
  contextWindow: number;
  maxOutputTokens: number;
  price: ModelPrice;
  /** Date (YYYY-MM-DD) the prices were checked. */
  pricesAsOf: string;
}

export interface ModelCatalog {
  readonly entries: readonly ModelInfo[];
  /**
   * The model for `id`: an exact id or alias first, then the id without a snapshot suffix
   * (`claude-sonnet-4-5-20250929`, `claude-sonnet-4-5@20250929`, `claude-sonnet-4-5-latest`).
   * Undefined for unknown models; never a guess from a shorter family name.
   */
  lookup(id: string): ModelInfo | undefined;
}

/** Snapshot/alias suffixes that name the same model: `-20250929`, `@20250929`, `-latest`, `-v1:0`. */
const SNAPSHOT_SUFFIX = /(?:[-@]\d{8})?(?:-v\d+(?::\d+)?)?(?:-latest)?$/;

export function createModelCatalog(entries: readonly ModelInfo[]): ModelCatalog {
  const byId = new Map<string, ModelInfo>();
  for (const entry of entries) {
    for (const name of [entry.id, ...(entry.aliases ?? [])]) byId.set(name.toLowerCase(), entry);
  }
  return {
    entries,
    lookup(id: string): ModelInfo | undefined {
      const key = id.trim().toLowerCase();
      return byId.get(key) ?? byId.get(key.replace(SNAPSHOT_SUFFIX, ""));
    },
  };
}
