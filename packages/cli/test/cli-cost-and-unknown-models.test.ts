import { startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { keelEnv, runKeel } from "./keel-harness.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

const usage = {
  input_tokens: 1_000_000,
  output_tokens: 100_000,
  cache_read_input_tokens: 2_000_000,
  cache_creation_input_tokens: 400_000,
};

describe("total_cost_usd", () => {
  it("is computed from the catalog for a known model", async () => {
    const server = await startFakeAnthropic({ script: [{ content: [{ type: "text", text: "ok" }], usage }] });
    closers.push(() => server.close());
    const run = await runKeel(
      ["-p", "hi", "--output-format", "json", "--model", "claude-sonnet-5-5"],
      keelEnv(server.url),
    );
    expect(run.code).toBe(0);
    // $2/MTok in, $10 out, $2.50 cache write, $0.20 cache read (catalog as of 2026-11-21):
    // 2.00 + 1.00 + 1.00 + 0.40 = 4.40
    expect(run.lines[0]!.total_cost_usd).toBeCloseTo(4.4, 10);
  });

  it("is 0 for an unknown model, and --verbose says so", async () => {
    const server = await startFakeAnthropic({
      script: () => ({ content: [{ type: "text", text: "ok" }], usage }),
    });
    closers.push(() => server.close());
    const quiet = await runKeel(
      ["-p", "hi", "--output-format", "json", "--model", "my-local-model"],
      keelEnv(server.url),
    );
    expect(quiet.lines[0]!.total_cost_usd).toBe(0);
    expect(quiet.stderr).toBe("");
    const verbose = await runKeel(
      ["-p", "hi", "--model", "my-local-model", "--verbose"],
      keelEnv(server.url),
    );
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/No price known for model "my-local-model"/);
  });
});
