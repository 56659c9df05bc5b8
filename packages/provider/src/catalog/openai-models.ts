import type { ModelInfo, ModelPrice } from "./model-catalog.js";

/** Above 272K prompt tokens a whole request costs 2× input and cache rates and 1.5× output. */
const LONG_CONTEXT: ModelPrice["longContext"] = {
  aboveInputTokens: 272_000,
  inputMultiplier: 2,
  outputMultiplier: 1.5,
};

/** Standard-tier rates in USD per million tokens: input, cached input (read), cache write, output. */
function price(input: number, cacheRead: number, cacheWrite: number, output: number): ModelPrice {
  return {
    inputPerMTok: input,
    cacheReadPerMTok: cacheRead,
    cacheWritePerMTok: cacheWrite,
    outputPerMTok: output,
    longContext: LONG_CONTEXT,
  };
}

/** The GPT-6 and GPT-5.6 families: 1,050,000-token window (922K input), 128K output. */
function gpt(id: string, p: ModelPrice, pricesAsOf: string, aliases?: string[]): ModelInfo {
  return {
    id,
    ...(aliases ? { aliases } : {}),
    provider: "openai",
    contextWindow: 1_050_000,
    maxOutputTokens: 128_000,
    price: p,
    pricesAsOf,
  };
}

/**
 * OpenAI list prices (Standard processing) from developers.openai.com/api/docs/models/<id> and
 * /api/docs/pricing. Cache writes are billed at 1.25× the input rate (the GPT-6 and GPT-5.6 model
 * pages). Batch/Flex (½×), Fast (2×) and regional processing (+10%) are not modelled: Keel
 * sends Standard requests. `pricesAsOf` is the date the figure was checked against a page or
 * OpenAI's announcement of it. Update this table when prices change.
 */
export const OPENAI_MODELS: readonly ModelInfo[] = [
  // GPT-6.2 (released 2026-11-17). Astra's cached rate is 60% below GPT-6 Astra's $1.
  gpt("gpt-6.2-astra", price(8, 0.4, 10, 40), "2026-11-18"),
  gpt("gpt-6.2-sol", price(2, 0.1, 2.5, 10), "2026-11-18"),
  gpt("gpt-6.1-sol", price(2, 0.1, 2.5, 10), "2026-09-30"),
  gpt("gpt-6-astra", price(10, 1, 12.5, 50), "2026-09-05"),
  gpt("gpt-6-sol", price(2, 0.2, 2.5, 10), "2026-09-22"),
  gpt("gpt-6-luna", price(0.1, 0.01, 0.125, 0.5), "2026-09-22"),
  // GPT-5.6 (2026-07-09; Terra and Luna reduced 2026-07-30). Sol's $4/$20 is a promotion
  // announced to last at least until 2026-11-21. `gpt-5.6` routes to Sol.
  gpt("gpt-5.6-sol", price(4, 0.4, 5, 20), "2026-11-21", ["gpt-5.6"]),
  gpt("gpt-5.6-terra", price(2, 0.2, 2.5, 12), "2026-07-30"),
  gpt("gpt-5.6-luna", price(0.2, 0.02, 0.25, 1.2), "2026-07-30"),
];
