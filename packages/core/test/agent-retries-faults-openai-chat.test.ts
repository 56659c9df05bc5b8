// The foundation's fault tests, against a Chat Completions server with the unchanged Agent loop and
// streamWithRetry: each retryable fault is retried by replaying the same request, the turn
// completes, the tool of the turn before ran exactly once, and the session holds every message
// exactly once. Non-retryable failures end the run at once.
import { type FakeChatFault, type FakeChatTurn, startFakeOpenAIChat } from "@keel/fake-openai";
import { OpenAIChatProvider } from "@keel/provider";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectOneRetryThenReplay, type RetriedFault, runAgent } from "./agent-retries-faults-fixtures.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});
// The idle watchdog also times the SDK's lazy import on the first request: load it up front.
beforeAll(async () => {
  await import("openai");
});

const FINAL = "All done: the value is saved.";
const RETRY = { baseDelayMs: 1, maxDelayMs: 5 };

/** Turn 1 calls Save once; turn 2 answers with FINAL (streamed in several pieces). */
function toolScript(faults: { turn1?: FakeChatFault[]; turn2?: FakeChatFault[] }): FakeChatTurn[] {
  return [
    {
      content: [
        { type: "text", text: "I will save it." },
        { type: "tool_call", name: "Save", arguments: { text: "x" } },
      ],
      ...(faults.turn1 ? { faults: faults.turn1 } : {}),
    },
    { content: [{ type: "text", text: FINAL }], ...(faults.turn2 ? { faults: faults.turn2 } : {}) },
  ];
}

async function run(script: FakeChatTurn[], retry: Record<string, number> = {}) {
  const server = await startFakeOpenAIChat({ script });
  closers.push(() => server.close());
  const provider = new OpenAIChatProvider({ apiKey: "sk-test", baseUrl: server.baseUrl });
  return { server, ...(await runAgent(provider, "Save x, then report.", { ...RETRY, ...retry })) };
}

describe("Agent retries a failed Chat Completions request and completes the turn", () => {
  const cases: RetriedFault<FakeChatFault>[] = [
    {
      name: "429 with retry-after",
      fault: { kind: "http", status: 429, headers: { "retry-after": "0" } },
      status: 429,
      errorKind: "rate_limit",
      message: /Rate limited \(429\)/,
      delayMs: 0,
    },
    {
      name: "503 overloaded",
      fault: { kind: "http", status: 503, headers: { "retry-after-ms": "10" } },
      status: 503,
      errorKind: "overloaded",
      message: /overloaded \(503\)/,
      delayMs: 10,
    },
    {
      name: "500 (default backoff)",
      fault: { kind: "http", status: 500 },
      status: 500,
      errorKind: "server",
      message: /API error \(500\)/,
    },
    {
      name: "connection reset after partial text",
      fault: { kind: "reset", afterEvents: 2 },
      status: null,
      errorKind: "network",
      message: /lost mid-stream/,
    },
    {
      name: "connection reset before any response",
      fault: { kind: "reset", afterEvents: 0 },
      status: null,
      serverStatus: 0,
      errorKind: "network",
      message: /Could not reach the model server/,
    },
    {
      name: "error object inside a data frame",
      fault: { kind: "error_frame", afterEvents: 2 },
      status: null,
      errorKind: "server",
      message: /mid-response \(server_error\)/,
    },
    {
      name: "stream ended without finish_reason or [DONE]",
      fault: { kind: "end", afterEvents: 2 },
      status: null,
      errorKind: "network",
      message: /ended before a finish_reason/,
    },
    {
      name: "stalled stream (idle timeout)",
      fault: { kind: "stall", afterEvents: 2 },
      status: null,
      errorKind: "network",
      message: /stalled: no data for 500 ms/,
      idleTimeoutMs: 500,
    },
  ];

  for (const c of cases) {
    it(`${c.name}, on the turn after a tool call: the tool ran once, the request is replayed byte for byte`, async () => {
      const { server, calls, result, events, retries, messages } = await run(
        toolScript({ turn2: [c.fault] }),
        c.idleTimeoutMs ? { idleTimeoutMs: c.idleTimeoutMs } : {},
      );
      expect(result).toMatchObject({ subtype: "success", result: FINAL, numTurns: 2 });
      expectOneRetryThenReplay(c, retries, server.requests);
      // The retry comes after the tool round and before the final assistant message.
      const kinds = events
        .map((e) => e.type)
        .filter((t) => ["assistant_message", "user_message", "retry"].includes(t));
      expect(kinds).toEqual([
        "user_message",
        "assistant_message",
        "user_message",
        "retry",
        "assistant_message",
      ]);

      expect(server.requests[1]!.rawBody).not.toBe(server.requests[0]!.rawBody);
      expect(calls).toEqual(["Save:x"]);
      expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
      expect(messages[3]!.content).toEqual([{ type: "text", text: FINAL }]);
    });
  }

  it("connection reset while the tool call itself streams: retried, the tool runs once", async () => {
    // afterEvents 6: role chunk, 3 text chunks, the call's opening fragment and 1 of 3 argument pieces.
    const { server, calls, result, retries, messages } = await run(
      toolScript({ turn1: [{ kind: "reset", afterEvents: 6 }] }),
    );
    expect(result.subtype).toBe("success");
    expect(retries.map((r) => [r.attempt, r.status, r.errorKind, r.withdrawPartial])).toEqual([
      [1, null, "network", true],
    ]);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[1]!.rawBody).toBe(server.requests[0]!.rawBody);
    expect(calls).toEqual(["Save:x"]);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("several faults in a row on one turn: one retry event per retry, attempts counting up", async () => {
    const { server, calls, retries } = await run(
      toolScript({
        turn2: [
          { kind: "error_frame", afterEvents: 1, errorType: "server_error" },
          { kind: "http", status: 429, headers: { "retry-after-ms": "5" } },
          { kind: "http", status: 529, headers: { "retry-after-ms": "5" } },
        ],
      }),
    );
    expect(retries.map((r) => [r.attempt, r.status, r.errorKind])).toEqual([
      [1, null, "server"],
      [2, 429, "rate_limit"],
      [3, 529, "overloaded"],
    ]);
    expect(server.requests).toHaveLength(5);
    for (const q of server.requests.slice(2)) expect(q.rawBody).toBe(server.requests[1]!.rawBody);
    expect(calls).toEqual(["Save:x"]);
  });
});

describe("Agent gives up on Chat Completions failures it must not or can no longer retry", () => {
  it("retries exhausted (maxRetries 2, three 500s): the run fails with the last error", async () => {
    const fault: FakeChatFault = { kind: "http", status: 500, headers: { "retry-after-ms": "1" } };
    const { server, result, retries, messages } = await run(
      [{ content: [{ type: "text", text: "never" }], faults: [fault, fault, fault] }],
      { maxRetries: 2 },
    );
    expect(result).toMatchObject({ subtype: "error_during_execution", isError: true });
    expect(result.errors[0]).toMatch(/500.*gave up after 2 retries/);
    expect(retries.map((r) => [r.attempt, r.maxRetries, r.status])).toEqual([
      [1, 2, 500],
      [2, 2, 500],
    ]);
    expect(new Set(server.requests.map((q) => q.rawBody)).size).toBe(1);
    expect(messages.map((m) => m.role)).toEqual(["user"]);
  });

  it("a non-retryable error object mid-stream fails at once; its partial output is not stored", async () => {
    const { server, calls, result, retries, messages } = await run(
      toolScript({ turn2: [{ kind: "error_frame", afterEvents: 2, errorType: "invalid_request_error" }] }),
    );
    expect(result.isError).toBe(true);
    expect(result.errors[0]).toMatch(/invalid_request_error/);
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(2);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(calls).toEqual(["Save:x"]);
  });

  it("x-should-retry: false on a 503 is not retried; 401 and an exhausted quota fail at once", async () => {
    const cases: Array<[FakeChatFault, RegExp]> = [
      [{ kind: "http", status: 503, headers: { "x-should-retry": "false" } }, /503/],
      [{ kind: "http", status: 401 }, /Authentication failed \(401\)/],
      [{ kind: "http", status: 429, code: "insufficient_quota" }, /Quota exceeded \(429\)/],
    ];
    for (const [fault, message] of cases) {
      const { server, result, retries } = await run(toolScript({ turn1: [fault] }));
      expect(result.isError).toBe(true);
      expect(result.errors[0]).toMatch(message);
      expect(retries).toEqual([]);
      expect(server.requests).toHaveLength(1);
    }
  });
});
