import { describe, expect, it } from "vitest";
import { costUsd, createModelCatalog, DEFAULT_MODELS, type ModelInfo, priceUsage } from "../src/index.js";

const fixture: ModelInfo[] = [
  {
    id: "test-sonnet-2",
    aliases: ["test-sonnet-2-0"],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: { inputPerMTok: 3, outputPerMTok: 15, cacheWritePerMTok: 3.75, cacheReadPerMTok: 0.3 },
    pricesAsOf: "2026-01-01",
  },
  {
    id: "test-sonnet-2-5",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMTok: 2, outputPerMTok: 10, cacheWritePerMTok: 2.5, cacheReadPerMTok: 0.2 },
    pricesAsOf: "2026-01-01",
  },
];
const catalog = createModelCatalog(fixture);

describe("model catalog and cost", () => {
  it("looks models up exactly, by alias, and through snapshot suffixes — never by a shorter family name", () => {
    expect(catalog.lookup("test-sonnet-2")?.id).toBe("test-sonnet-2");
    expect(catalog.lookup("test-sonnet-2-0")?.id).toBe("test-sonnet-2");
    expect(catalog.lookup("test-sonnet-2-5-20250929")?.id).toBe("test-sonnet-2-5");
    expect(catalog.lookup("test-sonnet-2-5@20250929")?.id).toBe("test-sonnet-2-5");
    expect(catalog.lookup("test-sonnet-2-latest")?.id).toBe("test-sonnet-2");
    expect(catalog.lookup("test-sonnet-2-7")).toBeUndefined();
    expect(catalog.lookup("unknown-model")).toBeUndefined();
  });

  it("prices every usage field at its own rate", () => {
    const info = fixture[0] as ModelInfo;
    const usage = {
      inputTokens: 1_000_000,
      outputTokens: 100_000,
      cacheCreationInputTokens: 200_000,
      cacheReadInputTokens: 2_000_000,
    };
    // 3 + 1.5 + 0.75 + 0.6
    expect(costUsd(usage, info)).toBeCloseTo(5.85, 10);
    expect(priceUsage(usage, "test-sonnet-2-20260101", catalog)).toEqual({
      costUsd: costUsd(usage, info),
      known: true,
    });
  });

  it("prices an unknown model at 0 and says it is unknown", () => {
    const usage = { inputTokens: 10, outputTokens: 10, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
    expect(priceUsage(usage, "mystery-model", catalog)).toEqual({ costUsd: 0, known: false });
  });

  it("ships a default catalog whose cache prices follow the documented multipliers", () => {
    expect(DEFAULT_MODELS.length).toBeGreaterThan(3);
    for (const model of DEFAULT_MODELS) {
      expect(model.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(model.price.cacheWritePerMTok).toBeCloseTo(model.price.inputPerMTok * 1.25, 10);
      expect(model.price.cacheReadPerMTok).toBeCloseTo(model.price.inputPerMTok * 0.1, 10);
    }
  });
});
