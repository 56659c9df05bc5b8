import type { FakeFault } from "@keel/fake-anthropic";
import { describe, expect, it } from "vitest";
import { type RetryInfo, streamWithRetry } from "../src/index.js";
import { collect, modelRequest, startAnthropic, userText } from "./anthropic-harness.js";

/** Injected sleep: records each delay and resolves at once (no real waiting). */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

async function runWithFaults(faults: FakeFault[], extra: { idleTimeoutMs?: number } = {}) {
  const { server, provider } = await startAnthropic({
    chunkBytes: 13,
    script: [{ content: [{ type: "text", text: "Recovered answer, in several pieces." }], faults }],
  });
  const { delays, sleep } = recordingSleep();
  const retries: RetryInfo[] = [];
  const result = await collect(
    streamWithRetry(provider, modelRequest([userText("hi")]), {
      signal: new AbortController().signal,
      sleep,
      random: () => 0,
      onRetry: (info) => retries.push(info),
      ...extra,
    }),
  );
  return { server, result, delays, retries };
}

describe("streamWithRetry with the Anthropic adapter: transient failures are retried", () => {
  it("waits the server's retry-after on a 429 (seconds, then milliseconds)", async () => {
    const { result, delays, retries, server } = await runWithFaults([
      { kind: "http", status: 429, headers: { "retry-after": "2" } },
      { kind: "http", status: 429, headers: { "retry-after-ms": "150" } },
    ]);
    expect(delays).toEqual([2000, 150]);
    expect(retries.map((r) => [r.attempt, r.status, r.errorKind, r.withdrawPartial])).toEqual([
      [1, 429, "rate_limit", false],
      [2, 429, "rate_limit", false],
    ]);
    expect(retries[0]?.maxRetries).toBe(10);
    expect(result.response.message.content).toEqual([
      { type: "text", text: "Recovered answer, in several pieces." },
    ]);
    expect(server.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it("backs off exponentially on 529 overloaded and 500 api_error", async () => {
    const { delays, retries } = await runWithFaults([
      { kind: "http", status: 529 },
      { kind: "http", status: 500 },
      { kind: "http", status: 503 },
    ]);
    expect(delays).toEqual([500, 1000, 2000]);
    expect(retries.map((r) => r.errorKind)).toEqual(["overloaded", "server", "server"]);
  });

  it("replays the request after a connection reset mid-stream, telling renderers to withdraw the partial output", async () => {
    const { result, retries, server } = await runWithFaults([
      { kind: "reset", afterEvents: 0 },
      { kind: "reset", afterEvents: 4 },
    ]);
    expect(retries.map((r) => [r.errorKind, r.status, r.withdrawPartial])).toEqual([
      ["network", null, false],
      ["network", null, true],
    ]);
    expect(server.requests).toHaveLength(3);
    // The caller saw the partial attempt's deltas, then the full replay.
    const starts = result.events.filter((e) => e.type === "message_start");
    expect(starts).toHaveLength(2);
    expect(result.response.message.content).toEqual([
      { type: "text", text: "Recovered answer, in several pieces." },
    ]);
  });

  it("retries an error frame mid-stream (overloaded, then api_error before any block)", async () => {
    const { retries, result } = await runWithFaults([
      { kind: "error_frame", afterEvents: 3 },
      { kind: "error_frame", afterEvents: 0, errorType: "api_error", message: "Internal server error" },
    ]);
    expect(retries.map((r) => [r.errorKind, r.status, r.withdrawPartial])).toEqual([
      ["overloaded", null, true],
      ["server", null, false],
    ]);
    expect(retries[1]?.message).toMatch(/api_error.*Internal server error/);
    expect(result.response.stopReason).toBe("end_turn");
  });

  it("aborts a stalled stream after idleTimeoutMs and retries it as a network error", async () => {
    const { retries, result, server } = await runWithFaults([{ kind: "stall", afterEvents: 3 }], {
      idleTimeoutMs: 300,
    });
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ errorKind: "network", status: null, withdrawPartial: true });
    expect(retries[0]?.message).toMatch(/no data for 300 ms/);
    expect(server.requests).toHaveLength(2);
    expect(result.response.message.content).toHaveLength(1);
  });
});
