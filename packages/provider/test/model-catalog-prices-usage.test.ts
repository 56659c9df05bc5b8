import { describe, expect, it } from "vitest";
import { costUsd, createModelCatalog, DEFAULT_MODELS, type ModelInfo, priceUsage } from "../src/index.js";

const fixture: ModelInfo[] = [
  {
    id: "test-sonnet-2",
    aliases: ["test-sonnet-2-0"],
    provider: "anthropic",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: { inputPerMTok: 3, outputPerMTok: 15, cacheWritePerMTok: 3.75, cacheReadPerMTok: 0.3 },
    pricesAsOf: "2026-01-01",
  },
  {
    id: "test-sonnet-2-5",
    provider: "anthropic",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMTok: 2, outputPerMTok: 10, cacheWritePerMTok: 2.5, cacheReadPerMTok: 0.2 },
    pricesAsOf: "2026-01-01",
  },
  {
    id: "test-gpt-9",
    provider: "openai",
    contextWindow: 1_050_000,
    maxOutputTokens: 128_000,
    price: {
      inputPerMTok: 2,
      outputPerMTok: 10,
      cacheWritePerMTok: 2.5,
      cacheReadPerMTok: 0.1,
      longContext: { aboveInputTokens: 272_000, inputMultiplier: 2, outputMultiplier: 1.5 },
    },
    pricesAsOf: "2026-01-01",
  },
];
const catalog = createModelCatalog(fixture);
const usage = (input: number, output: number, cacheWrite = 0, cacheRead = 0) => ({
  inputTokens: input,
  outputTokens: output,
  cacheCreationInputTokens: cacheWrite,
  cacheReadInputTokens: cacheRead,
});

describe("model catalog and cost", () => {
  it("looks models up exactly, by alias, through snapshot suffixes and gateway prefixes — never by a shorter family name", () => {
    expect(catalog.lookup("test-sonnet-2").id).toBe("test-sonnet-2");
    expect(catalog.lookup("test-sonnet-2-0").id).toBe("test-sonnet-2");
    expect(catalog.lookup("test-sonnet-2-5-20250929").id).toBe("test-sonnet-2-5");
    expect(catalog.lookup("test-sonnet-2-5@20250929").id).toBe("test-sonnet-2-5");
    expect(catalog.lookup("test-sonnet-2-latest").id).toBe("test-sonnet-2");
    expect(catalog.lookup("test-gpt-9-2026-11-17").id).toBe("test-gpt-9");
    expect(catalog.lookup("openrouter/anthropic/test-sonnet-2").id).toBe("test-sonnet-2");
    expect(catalog.lookup("test-sonnet-2", "some-gateway").known).toBe(true);
    expect(catalog.lookup("test-sonnet-2-7").known).toBe(false);
    expect(catalog.lookup("test-gpt").known).toBe(false);
  });

  it("answers an unknown model with conservative defaults instead of nothing", () => {
    const unknown = catalog.lookup("mystery-model");
    expect(unknown).toMatchObject({
      id: "mystery-model",
      known: false,
      priced: false,
      contextWindow: 128_000,
      maxOutputTokens: 8_192,
    });
  });

  it("prices every usage field at its own rate", () => {
    const info = fixture[0] as ModelInfo;
    const u = usage(1_000_000, 100_000, 200_000, 2_000_000);
    // 3 + 1.5 + 0.75 + 0.6
    expect(costUsd(u, info)).toBeCloseTo(5.85, 10);
    expect(priceUsage(u, "test-sonnet-2-20260101", catalog)).toEqual({
      costUsd: costUsd(u, info),
      known: true,
    });
  });

  it("bills a whole request at the long-context rates once its prompt crosses the threshold", () => {
    // 272,000 prompt tokens: not above the line. 100,000 + 172,000 cache read; 10,000 out.
    expect(costUsd(usage(100_000, 10_000, 0, 172_000), fixture[2]!)).toBeCloseTo(0.2 + 0.0172 + 0.1, 10);
    // 272,001: input and cache rates ×2, output ×1.5 for everything.
    expect(costUsd(usage(100_001, 10_000, 0, 172_000), fixture[2]!)).toBeCloseTo(
      (100_001 * 2 * 2 + 172_000 * 0.1 * 2 + 10_000 * 10 * 1.5) / 1e6,
      10,
    );
  });

  it("prices an unknown model at 0 and says it is unknown", () => {
    expect(priceUsage(usage(10, 10), "mystery-model", catalog)).toEqual({ costUsd: 0, known: false });
  });

  it("a scripted session across Anthropic and OpenAI models costs the hand-computed figure to the cent", () => {
    const session: Array<[string, ReturnType<typeof usage>]> = [
      ["test-sonnet-2-5", usage(12_000, 1_500, 10_000, 0)],
      ["test-sonnet-2-5", usage(800, 2_200, 3_000, 10_000)],
      ["test-gpt-9", usage(14_000, 900, 0, 0)],
      ["test-gpt-9", usage(1_200, 3_100, 0, 14_000)],
      ["test-sonnet-2", usage(20_000, 4_000, 0, 0)],
    ];
    const total = session.reduce((sum, [model, u]) => sum + priceUsage(u, model, catalog).costUsd, 0);
    // By hand, per request (USD):
    // 0.024 + 0.015 + 0.025             = 0.064
    // 0.0016 + 0.022 + 0.0075 + 0.002   = 0.0331
    // 0.028 + 0.009                     = 0.037
    // 0.0024 + 0.031 + 0.0014           = 0.0348
    // 0.06 + 0.06                       = 0.12
    // total                             = 0.2889 → $0.29
    expect(total).toBeCloseTo(0.2889, 10);
    expect(Math.round(total * 100) / 100).toBe(0.29);
  });

  it("ships a default table: dated, every entry with a provider, Anthropic cache prices on the documented multipliers", () => {
    expect(DEFAULT_MODELS.length).toBeGreaterThan(10);
    const ids = new Set<string>();
    for (const model of DEFAULT_MODELS) {
      expect(ids.has(model.id), model.id).toBe(false);
      ids.add(model.id);
      expect(model.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(["anthropic", "openai"]).toContain(model.provider);
      expect(model.price.cacheReadPerMTok).toBeLessThan(model.price.inputPerMTok);
      expect(model.maxOutputTokens).toBeLessThan(model.contextWindow);
      if (model.provider === "anthropic") {
        expect(model.price.cacheWritePerMTok).toBeCloseTo(model.price.inputPerMTok * 1.25, 10);
        expect(model.price.cacheReadPerMTok).toBeCloseTo(model.price.inputPerMTok * 0.1, 10);
      } else {
        expect(model.price.cacheWritePerMTok).toBeCloseTo(model.price.inputPerMTok * 1.25, 10);
        expect(model.price.longContext?.aboveInputTokens).toBe(272_000);
      }
    }
  });
});
