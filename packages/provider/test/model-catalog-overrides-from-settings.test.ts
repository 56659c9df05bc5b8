import { describe, expect, it } from "vitest";
import { createModelCatalog, type ModelInfo, priceUsage } from "../src/index.js";

const base: ModelInfo[] = [
  {
    id: "test-gpt-9",
    provider: "openai",
    contextWindow: 1_050_000,
    maxOutputTokens: 128_000,
    price: { inputPerMTok: 2, outputPerMTok: 10, cacheWritePerMTok: 2.5, cacheReadPerMTok: 0.1 },
    pricesAsOf: "2026-01-01",
  },
];
const usage = {
  inputTokens: 1_000_000,
  outputTokens: 1_000_000,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 1_000_000,
};

describe("createModelCatalog(base, overrides)", () => {
  it("corrects a known model field by field and leaves the table itself untouched", () => {
    const catalog = createModelCatalog(base, {
      "test-gpt-9": { contextWindow: 64_000, price: { outputPerMTok: 12 } },
    });
    const model = catalog.lookup("test-gpt-9-2026-01-01");
    expect(model).toMatchObject({
      known: true,
      priced: true,
      contextWindow: 64_000,
      maxOutputTokens: 128_000,
    });
    expect(model.price).toMatchObject({ inputPerMTok: 2, outputPerMTok: 12, cacheReadPerMTok: 0.1 });
    expect(base[0]!.contextWindow).toBe(1_050_000);
    expect(createModelCatalog(base).lookup("test-gpt-9").price.outputPerMTok).toBe(10);
  });

  it("adds a model the table does not know, per provider with `provider/id` keys", () => {
    const catalog = createModelCatalog(base, {
      qwen3: { contextWindow: 40_960 },
      "local/qwen3": {
        contextWindow: 32_768,
        maxOutputTokens: 8_192,
        price: { inputPerMTok: 0, outputPerMTok: 0 },
      },
    });
    expect(catalog.lookup("qwen3", "local")).toMatchObject({
      id: "qwen3",
      known: true,
      priced: true,
      contextWindow: 32_768,
      maxOutputTokens: 8_192,
    });
    expect(catalog.lookup("local/qwen3").contextWindow).toBe(32_768);
    // The bare key applies to any provider; the qualified one only to its own.
    expect(catalog.lookup("qwen3", "other")).toMatchObject({
      known: true,
      priced: false,
      contextWindow: 40_960,
    });
    expect(catalog.lookup("qwen3")).toMatchObject({ contextWindow: 40_960, maxOutputTokens: 8_192 });
    expect(priceUsage(usage, "qwen3", catalog, "local")).toEqual({ costUsd: 0, known: true });
    expect(priceUsage(usage, "qwen3", catalog, "other")).toEqual({ costUsd: 0, known: false });
  });

  it("prices a new model only when input and output rates are both given; cache rates default to the input rate", () => {
    const catalog = createModelCatalog(base, {
      "half-priced": { price: { inputPerMTok: 1 } },
      "gw/full": { price: { inputPerMTok: 1, outputPerMTok: 4 } },
    });
    expect(catalog.lookup("half-priced")).toMatchObject({ known: true, priced: false });
    expect(priceUsage(usage, "half-priced", catalog)).toEqual({ costUsd: 0, known: false });
    // 1 (input) + 4 (output) + 1 (cache read at the input rate)
    expect(priceUsage(usage, "gw/full", catalog).costUsd).toBeCloseTo(6, 10);
  });

  it("matches override keys case-insensitively and through snapshot suffixes", () => {
    const catalog = createModelCatalog(base, { "Local/Qwen3": { contextWindow: 1000 } });
    expect(catalog.lookup("qwen3-2026-05-01", "local").contextWindow).toBe(1000);
  });
});
