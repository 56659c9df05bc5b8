// The foundation's fault tests, mirrored against a server speaking the OpenAI Responses API:
// each retryable fault is retried by replaying the same request, the tool of the turn before ran
// exactly once, and the session holds every message exactly once. Same Agent, same retry policy.
import {
  type FakeResponsesFault,
  type FakeResponsesServer,
  type FakeResponsesTurn,
  startFakeOpenAIResponses,
} from "@keel/fake-openai";
import { OpenAIResponsesProvider } from "@keel/provider";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AgentOptions } from "../src/agent-options.js";
import { expectOneRetryThenReplay, type RetriedFault, runAgent } from "./agent-retries-faults-fixtures.js";

let server: FakeResponsesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
// The idle watchdog also times the first request, which loads the SDK: load it before any test.
beforeAll(async () => {
  await import("openai");
});

const FINAL = "All done: the note is saved.";
const FAST_RETRY: NonNullable<AgentOptions["retry"]> = { baseDelayMs: 2, maxDelayMs: 10 };

/** Turn 1 saves a note (one tool call); turn 2 answers with FINAL, in two streamed parts. */
function toolScript(faults: {
  turn1?: FakeResponsesFault[];
  turn2?: FakeResponsesFault[];
}): FakeResponsesTurn[] {
  return [
    {
      output: [
        { type: "reasoning", summary: ["Save first."] },
        { type: "message", text: "I will save the note." },
        { type: "function_call", name: "Save", arguments: { text: "note" }, call_id: "call_save" },
      ],
      ...(faults.turn1 ? { faults: faults.turn1 } : {}),
    },
    {
      output: [{ type: "message", text: ["Checked the note. ", FINAL] }],
      ...(faults.turn2 ? { faults: faults.turn2 } : {}),
    },
  ];
}

async function run(script: FakeResponsesTurn[], retry: AgentOptions["retry"] = FAST_RETRY) {
  server = await startFakeOpenAIResponses({ script, chunkBytes: 11 });
  const provider = new OpenAIResponsesProvider({ apiKey: "sk-test", baseUrl: server.url });
  const ran = await runAgent(provider, "Save a note, then report.", retry);
  return { ...ran, stored: ran.messages, srv: server };
}

describe("Agent over OpenAI Responses retries a failed request and completes the turn", () => {
  const cases: RetriedFault<FakeResponsesFault>[] = [
    {
      name: "429 with retry-after",
      fault: { kind: "http", status: 429, headers: { "retry-after": "0" } },
      status: 429,
      errorKind: "rate_limit",
      message: /Rate limited \(429 rate_limit_exceeded\)/,
      delayMs: 0,
    },
    {
      name: "503 overloaded with retry-after-ms",
      fault: { kind: "http", status: 503, headers: { "retry-after-ms": "10" } },
      status: 503,
      errorKind: "overloaded",
      message: /overloaded \(503/,
      delayMs: 10,
    },
    {
      name: "500 (backoff)",
      fault: { kind: "http", status: 500 },
      status: 500,
      errorKind: "server",
      message: /OpenAI API error \(500\)/,
    },
    {
      name: "connection reset after partial text",
      fault: { kind: "reset", afterEvents: 5 },
      status: null,
      errorKind: "network",
      message: /lost mid-stream|before response\.completed/,
    },
    {
      name: "connection reset before any response",
      fault: { kind: "reset", afterEvents: 0 },
      status: null,
      serverStatus: 0,
      errorKind: "network",
      message: /Could not reach the OpenAI API/,
    },
    {
      name: "error event then response.failed mid-stream",
      fault: { kind: "error_event", afterEvents: 5 },
      status: null,
      errorKind: "server",
      message: /mid-response \(server_error\)/,
    },
    {
      name: "error event in the spec's flat shape (rate limit)",
      fault: { kind: "error_event", afterEvents: 3, shape: "flat", code: "rate_limit_exceeded" },
      status: null,
      errorKind: "rate_limit",
      message: /mid-response \(rate_limit_exceeded\)/,
    },
    {
      name: "response.failed without an error event",
      fault: { kind: "failed", afterEvents: 4 },
      status: null,
      errorKind: "server",
      message: /mid-response \(server_error\)/,
    },
    {
      name: "stream ends before response.completed",
      fault: { kind: "end", afterEvents: 6 },
      status: null,
      errorKind: "network",
      message: /before response\.completed/,
    },
    {
      name: "stalled stream (idle timeout)",
      fault: { kind: "stall", afterEvents: 4 },
      status: null,
      errorKind: "network",
      message: /stalled: no data for 400 ms/,
      idleTimeoutMs: 400,
    },
  ];

  for (const c of cases) {
    it(`${c.name}, on the turn after a tool call: the tool ran once, the request is replayed byte for byte`, async () => {
      const retry = c.idleTimeoutMs ? { ...FAST_RETRY, idleTimeoutMs: c.idleTimeoutMs } : FAST_RETRY;
      const { result, retries, calls, stored, srv } = await run(toolScript({ turn2: [c.fault] }), retry);
      expect(result).toMatchObject({ subtype: "success", result: `Checked the note. ${FINAL}`, numTurns: 2 });
      expectOneRetryThenReplay(c, retries, srv.requests);
      expect(calls).toEqual(["Save:note"]);
      expect(stored.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
      expect(stored[3]!.content).toEqual([
        { type: "text", text: "Checked the note. " },
        { type: "text", text: FINAL },
      ]);
    });
  }

  it("a reset while the function call itself streams: retried, the tool runs once", async () => {
    // 2 response events + reasoning (2) + message (7) + call added + 1 argument delta: cut mid-arguments.
    const { result, retries, calls, stored, srv } = await run(
      toolScript({ turn1: [{ kind: "reset", afterEvents: 13 }] }),
    );
    expect(result.subtype).toBe("success");
    expect(retries).toEqual([
      expect.objectContaining({ attempt: 1, status: null, errorKind: "network", withdrawPartial: true }),
    ]);
    expect(srv.requests).toHaveLength(3);
    expect(srv.requests[1]!.rawBody).toBe(srv.requests[0]!.rawBody);
    expect(calls).toEqual(["Save:note"]);
    expect(stored.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("several faults in a row on one turn: one retry event per retry, attempts counting up", async () => {
    const { result, retries, calls, srv } = await run(
      toolScript({
        turn2: [
          { kind: "error_event", afterEvents: 3 },
          { kind: "http", status: 429, headers: { "retry-after-ms": "5" } },
          { kind: "http", status: 503, headers: { "retry-after-ms": "5" } },
        ],
      }),
    );
    expect(result.subtype).toBe("success");
    expect(retries.map((e) => [e.attempt, e.status, e.errorKind])).toEqual([
      [1, null, "server"],
      [2, 429, "rate_limit"],
      [3, 503, "overloaded"],
    ]);
    expect(srv.requests).toHaveLength(5);
    for (const q of srv.requests.slice(2)) expect(q.rawBody).toBe(srv.requests[1]!.rawBody);
    expect(calls).toEqual(["Save:note"]);
  });
});

describe("Agent over OpenAI Responses gives up on failures it must not or can no longer retry", () => {
  it("retries exhausted (maxRetries 2, three 500s): the error is reported, nothing stored but the prompt", async () => {
    const fault: FakeResponsesFault = { kind: "http", status: 500, headers: { "retry-after-ms": "1" } };
    const { result, retries, stored, srv } = await run(
      [{ output: [{ type: "message", text: "never" }], faults: [fault, fault, fault] }],
      { ...FAST_RETRY, maxRetries: 2 },
    );
    expect(result).toMatchObject({ subtype: "error_during_execution", isError: true });
    expect(result.errors[0]).toMatch(/500.*gave up after 2 retries/);
    expect(retries.map((e) => e.attempt)).toEqual([1, 2]);
    expect(new Set(srv.requests.map((q) => q.rawBody)).size).toBe(1);
    expect(stored.map((m) => m.role)).toEqual(["user"]);
  });

  it.each([
    ["a 400 invalid request", { kind: "http", status: 400 }, /rejected the request \(400\)/],
    [
      "an error event with invalid_prompt",
      { kind: "error_event", afterEvents: 4, code: "invalid_prompt" },
      /invalid_prompt/,
    ],
    [
      "a 429 insufficient_quota",
      { kind: "http", status: 429, code: "insufficient_quota" },
      /quota exhausted/,
    ],
    ["a 401", { kind: "http", status: 401 }, /OPENAI_API_KEY/],
    [
      "x-should-retry: false on a 503",
      { kind: "http", status: 503, headers: { "x-should-retry": "false" } },
      /503/,
    ],
  ] as Array<[string, FakeResponsesFault, RegExp]>)(
    "%s fails at once, after the committed tool round",
    async (_name, fault, message) => {
      const { result, retries, calls, stored, srv } = await run(toolScript({ turn2: [fault] }));
      expect(result).toMatchObject({ subtype: "error_during_execution", isError: true });
      expect(result.errors[0]).toMatch(message);
      expect(retries).toEqual([]);
      expect(srv.requests).toHaveLength(2);
      expect(calls).toEqual(["Save:note"]);
      // The partial output of the failed attempt is not stored.
      expect(stored.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    },
  );
});
