import type { Usage } from "@keel/protocol";
import type { ModelCatalog, ModelInfo } from "./model-catalog.js";

/**
 * Cost in USD of one response's `usage` at `info`'s list prices, each usage field at its own
 * rate, with the long-context tier applied when the prompt crosses it.
 */
export function costUsd(usage: Usage, info: Pick<ModelInfo, "price">): number {
  const p = info.price;
  const prompt = usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens;
  const long = p.longContext !== undefined && prompt > p.longContext.aboveInputTokens;
  const inputFactor = long ? (p.longContext?.inputMultiplier ?? 1) : 1;
  const outputFactor = long ? (p.longContext?.outputMultiplier ?? 1) : 1;
  const input =
    usage.inputTokens * p.inputPerMTok +
    usage.cacheCreationInputTokens * p.cacheWritePerMTok +
    usage.cacheReadInputTokens * p.cacheReadPerMTok;
  return (input * inputFactor + usage.outputTokens * p.outputPerMTok * outputFactor) / 1_000_000;
}

export interface PricedUsage {
  costUsd: number;
  /** False when the model's price is unknown: the cost is 0 because it is unknown, not free. */
  known: boolean;
}

/** Prices one response's usage for a model id (optionally of a provider, for `provider/id` overrides). */
export function priceUsage(
  usage: Usage,
  modelId: string,
  catalog: ModelCatalog,
  provider?: string,
): PricedUsage {
  const model = catalog.lookup(modelId, provider);
  return model.priced ? { costUsd: costUsd(usage, model), known: true } : { costUsd: 0, known: false };
}
