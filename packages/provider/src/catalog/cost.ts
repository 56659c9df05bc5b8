import type { Usage } from "@keel/protocol";
import type { ModelCatalog, ModelInfo } from "./model-catalog.js";

/** Cost in USD of `usage` at `info`'s list prices (cache writes at the 5-minute rate). */
export function costUsd(usage: Usage, info: ModelInfo): number {
  const p = info.price;
  return (
    (usage.inputTokens * p.inputPerMTok +
      usage.outputTokens * p.outputPerMTok +
      usage.cacheCreationInputTokens * p.cacheWritePerMTok +
      usage.cacheReadInputTokens * p.cacheReadPerMTok) /
    1_000_000
  );
}

export interface PricedUsage {
  costUsd: number;
  /** False when the model is not in the catalog: the cost is 0 because it is unknown, not free. */
  known: boolean;
}

/** Prices usage for a model id; unknown models cost 0 and say so. */
export function priceUsage(usage: Usage, modelId: string, catalog: ModelCatalog): PricedUsage {
  const info = catalog.lookup(modelId);
  return info ? { costUsd: costUsd(usage, info), known: true } : { costUsd: 0, known: false };
}
