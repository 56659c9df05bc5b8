import type { ModelInfo } from "./model-catalog.js";

/**
 * Anthropic list prices in USD per million tokens (input / output / 5-minute cache write = 1.25×
 * input / cache read = 0.1× input), from platform.claude.com/docs/en/about-claude/pricing and
 * the model overview pages. Check `pricesAsOf` before trusting a figure; update this table when
 * prices change. Models not listed price as unknown (cost 0, `known: false`).
 */
function price(input: number, output: number): ModelInfo["price"] {
  return {
    inputPerMTok: input,
    outputPerMTok: output,
    cacheWritePerMTok: input * 1.25,
    cacheReadPerMTok: input * 0.1,
  };
}

export const ANTHROPIC_MODELS: readonly ModelInfo[] = [
  // Current line-up per the model overview pages as read on 2026-11-21.
  {
    id: "claude-fable-5-1",
    provider: "anthropic",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: price(10, 50),
    pricesAsOf: "2026-11-21",
  },
  {
    id: "claude-opus-5-5",
    provider: "anthropic",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: price(4, 20),
    pricesAsOf: "2026-11-21",
  },
  {
    id: "claude-sonnet-5-5",
    provider: "anthropic",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: price(2, 10),
    pricesAsOf: "2026-11-21",
  },
  {
    id: "claude-sonnet-5",
    provider: "anthropic",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: price(2, 10),
    pricesAsOf: "2026-11-21",
  },
  {
    id: "claude-opus-5",
    provider: "anthropic",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: price(5, 25),
    pricesAsOf: "2026-07-24",
  },
  {
    id: "claude-opus-4-5",
    provider: "anthropic",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: price(5, 25),
    pricesAsOf: "2025-11-24",
  },
  {
    id: "claude-opus-4-1",
    provider: "anthropic",
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    price: price(15, 75),
    pricesAsOf: "2025-11-24",
  },
  {
    id: "claude-opus-4",
    provider: "anthropic",
    aliases: ["claude-opus-4-0"],
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    price: price(15, 75),
    pricesAsOf: "2025-11-24",
  },
  {
    id: "claude-sonnet-4-5",
    provider: "anthropic",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: price(3, 15),
    pricesAsOf: "2025-11-24",
  },
  {
    id: "claude-sonnet-4",
    provider: "anthropic",
    aliases: ["claude-sonnet-4-0"],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: price(3, 15),
    pricesAsOf: "2025-11-24",
  },
  {
    id: "claude-haiku-4-5",
    provider: "anthropic",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: price(1, 5),
    pricesAsOf: "2025-11-24",
  },
  {
    id: "claude-3-5-haiku",
    provider: "anthropic",
    contextWindow: 200_000,
    maxOutputTokens: 8_192,
    price: price(0.8, 4),
    pricesAsOf: "2025-11-24",
  },
];
