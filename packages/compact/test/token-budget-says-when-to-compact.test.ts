import { describe, expect, it } from "vitest";
import { TokenBudget, tokensSinceUsage } from "../src/index.js";

describe("TokenBudget", () => {
  it("derives the hard limit, auto point and keep budget from window, reserve and margin", () => {
    const b = new TokenBudget({ contextWindow: 64_000, maxOutputTokens: 4_000 });
    expect(b.limit).toBe(60_000);
    expect(b.autoAt).toBe(54_000); // margin = 10 % of 60,000
    expect(b.microAt).toBe(30_000);
    expect(Math.abs(b.warnAt - 45_900)).toBeLessThanOrEqual(1);
    expect(b.keepTokens).toBe(13_500);
    expect(b.level(10_000)).toBe("ok");
    expect(b.level(30_000)).toBe("micro");
    expect(b.level(46_000)).toBe("warn");
    expect(b.level(54_000)).toBe("auto");
    expect(b.level(60_000)).toBe("auto");
    expect(b.level(60_001)).toBe("overflow");
    expect(b.reaches(54_000, "micro")).toBe(true);
    expect(b.reaches(53_999, "auto")).toBe(false);
  });

  it("takes explicit reserve, margin and thresholds, keeping micro and warn at or below auto", () => {
    const b = new TokenBudget({
      contextWindow: 100_000,
      maxOutputTokens: 32_000,
      reserve: 10_000,
      margin: 5_000,
      thresholds: { micro: 0.99, warn: 0.2 },
    });
    expect(b.limit).toBe(90_000);
    expect(b.autoAt).toBe(85_000);
    expect(b.microAt).toBeLessThanOrEqual(b.autoAt);
    expect(b.warnAt).toBe(18_000);
    expect(b.level(20_000)).toBe("warn");
    expect(
      new TokenBudget({ contextWindow: 100_000, maxOutputTokens: 1, thresholds: { auto: 0.5 } }).autoAt,
    ).toBe(49_999);
  });

  it("rejects a reserve that leaves no room", () => {
    expect(() => new TokenBudget({ contextWindow: 8_000, maxOutputTokens: 8_000 })).toThrow(/no room/);
  });

  it("counts the next request from the last usage (input + cache read + cache creation + output) plus what was appended", () => {
    const usage = {
      inputTokens: 100,
      cacheReadInputTokens: 20_000,
      cacheCreationInputTokens: 3_000,
      outputTokens: 500,
    };
    expect(tokensSinceUsage(usage, 1_000)).toBe(24_600);
    expect(
      tokensSinceUsage(
        { inputTokens: 0, outputTokens: 7, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
        5,
      ),
    ).toBeUndefined();
    expect(tokensSinceUsage(undefined, 5)).toBeUndefined();
  });
});
