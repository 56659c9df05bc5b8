import type { FakeChatFault } from "@keel/fake-openai";
import { describe, expect, it } from "vitest";
import { type RetryInfo, streamWithRetry } from "../src/index.js";
import { chatRequest, collect, startChat, userText } from "./openai-chat-harness.js";

const ANSWER = "Recovered answer, in several pieces.";

async function runWithFaults(faults: FakeChatFault[], extra: { idleTimeoutMs?: number } = {}) {
  const { server, provider } = await startChat({
    chunkBytes: 13,
    script: [{ content: [{ type: "text", text: ANSWER }], faults }],
  });
  const delays: number[] = [];
  const retries: RetryInfo[] = [];
  const result = await collect(
    streamWithRetry(provider, chatRequest([userText("hi")]), {
      signal: new AbortController().signal,
      sleep: async (ms) => void delays.push(ms),
      random: () => 0,
      onRetry: (info) => retries.push(info),
      ...extra,
    }),
  );
  return { server, result, delays, retries };
}

describe("streamWithRetry with the Chat Completions adapter: transient failures are retried", () => {
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
    expect(result.response.message.content).toEqual([{ type: "text", text: ANSWER }]);
    expect(server.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    // Every attempt sends the same bytes.
    expect(new Set(server.requests.map((r) => r.rawBody)).size).toBe(1);
  });

  it("backs off exponentially on 503 overloaded, 500 and 502", async () => {
    const { delays, retries } = await runWithFaults([
      { kind: "http", status: 503 },
      { kind: "http", status: 500 },
      { kind: "http", status: 502 },
    ]);
    expect(delays).toEqual([500, 1000, 2000]);
    expect(retries.map((r) => r.errorKind)).toEqual(["overloaded", "server", "server"]);
  });

  it("replays the request after a reset, an error object in data and a stream cut before finish_reason", async () => {
    const { result, retries, server } = await runWithFaults([
      { kind: "reset", afterEvents: 0 },
      { kind: "reset", afterEvents: 3 },
      { kind: "error_frame", afterEvents: 2 },
      { kind: "end", afterEvents: 3 },
    ]);
    expect(retries.map((r) => [r.errorKind, r.status, r.withdrawPartial])).toEqual([
      ["network", null, false],
      ["network", null, true],
      ["server", null, true],
      ["network", null, true],
    ]);
    expect(server.requests).toHaveLength(5);
    expect(result.response.message.content).toEqual([{ type: "text", text: ANSWER }]);
    expect(result.response.stopReason).toBe("end_turn");
  });

  it("aborts a stalled stream after idleTimeoutMs and retries it as a network error", async () => {
    const { retries, result, server } = await runWithFaults([{ kind: "stall", afterEvents: 2 }], {
      idleTimeoutMs: 300,
    });
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ errorKind: "network", status: null, withdrawPartial: true });
    expect(retries[0]?.message).toMatch(/no data for 300 ms/);
    expect(server.requests).toHaveLength(2);
    expect(result.response.message.content).toHaveLength(1);
  });

  it("fails at once on a non-retryable error object mid-stream", async () => {
    const { server, provider } = await startChat({
      script: [
        {
          content: [{ type: "text", text: ANSWER }],
          faults: [{ kind: "error_frame", afterEvents: 2, errorType: "invalid_request_error" }],
        },
      ],
    });
    const retries: RetryInfo[] = [];
    const error = await collect(
      streamWithRetry(provider, chatRequest([userText("hi")]), {
        signal: new AbortController().signal,
        sleep: async () => undefined,
        onRetry: (info) => retries.push(info),
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid_request", retryable: false });
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});
