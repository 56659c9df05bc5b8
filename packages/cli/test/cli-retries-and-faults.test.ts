// `keel -p --output-format stream-json` against the fake Anthropic server with injected faults:
// each retryable fault is retried by replaying the same request, the run completes, the tool
// of the turn before ran exactly once, and the session holds every message exactly once.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type FakeAnthropicServer,
  type FakeFault,
  type FakeTurn,
  startFakeAnthropic,
} from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { type KeelEnv, type KeelRun, keelEnv, runKeel, sessionFiles } from "./keel-harness.js";

let server: FakeAnthropicServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * Idle timeout for the stall tests only (the watchdog also times the first request, which loads
 * the SDK, so it is kept out of the other tests and not made smaller).
 */
const IDLE_MS = "500";

const FINAL = "All done: count.txt has one line.";
const PROMPT = "Append x to count.txt, then report.";
const STREAM_ARGS = [
  "-p",
  PROMPT,
  "--output-format",
  "stream-json",
  "--permission-mode",
  "bypassPermissions",
];

/** Turn 1 runs `echo x >> count.txt`; turn 2 answers with FINAL (long enough to be streamed in parts). */
function toolScript(faults: { turn1?: FakeFault[]; turn2?: FakeFault[] }): FakeTurn[] {
  return [
    {
      content: [
        { type: "text", text: "I will append a line." },
        { type: "tool_use", name: "Bash", input: { command: "echo x >> count.txt" } },
      ],
      ...(faults.turn1 ? { faults: faults.turn1 } : {}),
    },
    {
      content: [
        { type: "text", text: "Checked the file. " },
        { type: "text", text: FINAL },
      ],
      ...(faults.turn2 ? { faults: faults.turn2 } : {}),
    },
  ];
}

async function run(
  script: FakeTurn[],
  extraEnv: Record<string, string> = {},
): Promise<{ r: KeelRun; ke: KeelEnv; srv: FakeAnthropicServer }> {
  server = await startFakeAnthropic({ script });
  const ke = keelEnv(server.url, extraEnv);
  const r = await runKeel(STREAM_ARGS, ke);
  return { r, ke, srv: server };
}

const ofType = (r: KeelRun, type: string, subtype?: string) =>
  r.lines.filter((l) => l.type === type && (subtype === undefined || l.subtype === subtype));

/**
 * The one session file's message records, after checking the header comes first and the only
 * other record is the title written from the first prompt.
 */
function sessionMessages(ke: KeelEnv): Array<Record<string, unknown>> {
  const files = sessionFiles(ke);
  expect(files).toHaveLength(1);
  const records = files[0]!.records;
  expect(records[0]?.type).toBe("header");
  expect(records.filter((r) => r.type === "title")).toHaveLength(1);
  const rest = records.slice(1).filter((r) => r.type !== "title");
  for (const rec of rest) expect(rec.type).toBe("message");
  return rest;
}

type Msg = { role: string; content: Array<Record<string, unknown>> };
const msg = (rec: Record<string, unknown>) => rec.message as Msg;

/**
 * The session holds exactly user prompt, assistant tool call, tool result, final answer — once
 * each, and the same messages (by uuid) that stream-json showed.
 */
function expectCleanToolSession(r: KeelRun, ke: KeelEnv): void {
  const recs = sessionMessages(ke);
  expect(recs.map((rec) => msg(rec).role)).toEqual(["user", "assistant", "user", "assistant"]);
  expect(msg(recs[0]!).content).toEqual([{ type: "text", text: PROMPT }]);
  expect(msg(recs[1]!).content.filter((b) => b.type === "tool_use")).toHaveLength(1);
  expect(msg(recs[2]!).content.map((b) => b.type)).toEqual(["tool_result"]);
  expect(msg(recs[3]!).content).toEqual([
    { type: "text", text: "Checked the file. " },
    { type: "text", text: FINAL },
  ]);
  const uuids = recs.map((rec) => rec.uuid);
  expect(new Set(uuids).size).toBe(uuids.length);
  const shown = r.lines.filter((l) => l.type === "assistant" || l.type === "user").map((l) => l.uuid);
  // Every shown message is stored; the prompt is stored but, like Claude Code, not echoed.
  expect(shown).toEqual(uuids.slice(1));
  // Both assistant messages appear once on stdout as well.
  expect(ofType(r, "assistant")).toHaveLength(2);
}

function expectSuccess(r: KeelRun): void {
  expect(r.code, r.stderr).toBe(0);
  const result = r.lines.at(-1)!;
  expect(result).toMatchObject({ type: "result", subtype: "success", is_error: false });
  expect(result.result).toBe(`Checked the file. ${FINAL}`);
}

function countLines(ke: KeelEnv): string[] {
  return readFileSync(join(ke.cwd, "count.txt"), "utf8").split("\n").filter(Boolean);
}

describe("keel -p retries a failed model request and completes the turn", () => {
  const cases: Array<{
    name: string;
    fault: FakeFault;
    status: number | null;
    /** What the fake server recorded for the failed request (default: `status`, or 200 for stream faults). */
    serverStatus?: number;
    errorKind: string;
    message: RegExp;
    delayMs?: number;
    env?: Record<string, string>;
  }> = [
    {
      name: "429 with retry-after",
      fault: { kind: "http", status: 429, headers: { "retry-after": "0" } },
      status: 429,
      errorKind: "rate_limit",
      message: /Rate limited \(429\)/,
      delayMs: 0,
    },
    {
      name: "529 overloaded",
      fault: { kind: "http", status: 529, headers: { "retry-after-ms": "10" } },
      status: 529,
      errorKind: "overloaded",
      message: /overloaded \(529\)/,
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
      fault: { kind: "reset", afterEvents: 4 },
      status: null,
      errorKind: "network",
      message: /connection .* lost mid-stream/i,
    },
    {
      name: "connection reset before any response",
      fault: { kind: "reset", afterEvents: 0 },
      status: null,
      serverStatus: 0,
      errorKind: "network",
      message: /Could not reach the Anthropic API/,
    },
    {
      name: "overloaded_error frame mid-stream",
      fault: { kind: "error_frame", afterEvents: 4, errorType: "overloaded_error" },
      status: null,
      errorKind: "overloaded",
      message: /mid-response \(overloaded_error\)/,
    },
    {
      name: "stalled stream (idle timeout)",
      fault: { kind: "stall", afterEvents: 4 },
      status: null,
      errorKind: "network",
      message: /stalled: no data for 500 ms/,
      env: { KEEL_STREAM_IDLE_TIMEOUT_MS: IDLE_MS },
    },
  ];

  for (const c of cases) {
    it(`${c.name}, on the turn after a tool call: the tool ran once, the request is replayed byte for byte`, async () => {
      const { r, ke, srv } = await run(toolScript({ turn2: [c.fault] }), c.env);
      expectSuccess(r);

      const retries = ofType(r, "system", "api_retry");
      expect(retries).toHaveLength(1);
      expect(retries[0]).toMatchObject({
        attempt: 1,
        max_retries: 10,
        error_status: c.status,
        error: c.errorKind,
      });
      expect(retries[0]!.message).toMatch(c.message);
      expect(typeof retries[0]!.retry_delay_ms).toBe("number");
      if (c.delayMs !== undefined) expect(retries[0]!.retry_delay_ms).toBe(c.delayMs);
      else {
        // default backoff for the first retry: 500 ms × jitter in (0.75, 1]
        expect(retries[0]!.retry_delay_ms).toBeGreaterThanOrEqual(375);
        expect(retries[0]!.retry_delay_ms).toBeLessThanOrEqual(500);
      }
      // The retry line comes after the tool round and before the final assistant message.
      const idx = r.lines.indexOf(retries[0]!);
      const kinds = r.lines.map((l) => l.type);
      expect(kinds.slice(0, idx)).toEqual(["system", "assistant", "user"]);
      expect(kinds.slice(idx + 1)).toEqual(["assistant", "result"]);

      expect(srv.requests).toHaveLength(3);
      expect(srv.requests.map((q) => q.status)).toEqual([200, c.serverStatus ?? c.status ?? 200, 200]);
      expect(srv.requests[2]!.rawBody).toBe(srv.requests[1]!.rawBody);
      expect(srv.requests[1]!.rawBody).not.toBe(srv.requests[0]!.rawBody);

      expect(countLines(ke)).toEqual(["x"]);
      expectCleanToolSession(r, ke);
    });
  }

  it("connection reset while the tool call itself streams: retried, the tool runs once", async () => {
    // afterEvents 8: message_start, text start + 3 deltas + stop, tool_use start + 1 of 3 input
    // deltas — the call was cut off mid-JSON.
    const { r, ke, srv } = await run(toolScript({ turn1: [{ kind: "reset", afterEvents: 8 }] }));
    expectSuccess(r);
    expect(ofType(r, "system", "api_retry")).toEqual([
      expect.objectContaining({ attempt: 1, error_status: null, error: "network" }),
    ]);
    expect(srv.requests).toHaveLength(3);
    expect(srv.requests[1]!.rawBody).toBe(srv.requests[0]!.rawBody);
    expect(countLines(ke)).toEqual(["x"]);
    expectCleanToolSession(r, ke);
  });

  it("several faults in a row on one turn: one api_retry line per retry, attempts counting up", async () => {
    const { r, ke, srv } = await run(
      toolScript({
        turn2: [
          { kind: "error_frame", afterEvents: 3, errorType: "api_error" },
          { kind: "http", status: 429, headers: { "retry-after-ms": "5" } },
          { kind: "http", status: 529, headers: { "retry-after-ms": "5" } },
        ],
      }),
    );
    expectSuccess(r);
    const retries = ofType(r, "system", "api_retry");
    expect(retries.map((l) => [l.attempt, l.error_status, l.error])).toEqual([
      [1, null, "server"],
      [2, 429, "rate_limit"],
      [3, 529, "overloaded"],
    ]);
    expect(srv.requests).toHaveLength(5);
    for (const q of srv.requests.slice(2)) expect(q.rawBody).toBe(srv.requests[1]!.rawBody);
    expect(countLines(ke)).toEqual(["x"]);
    expectCleanToolSession(r, ke);
  });
});

describe("retries in the other output formats", () => {
  const script = (): FakeTurn[] => [
    {
      content: [{ type: "text", text: "Recovered answer." }],
      faults: [
        { kind: "stall", afterEvents: 0 }, // headers sent, then silence
        { kind: "http", status: 529, headers: { "retry-after-ms": "1" } },
      ],
    },
  ];

  it("json: still exactly one object on stdout, nothing on stderr", async () => {
    server = await startFakeAnthropic({ script: script() });
    const ke = keelEnv(server.url, { KEEL_STREAM_IDLE_TIMEOUT_MS: IDLE_MS });
    const r = await runKeel(["-p", "q", "--output-format", "json"], ke);
    expect(r.code, r.stderr).toBe(0);
    expect(server.requests).toHaveLength(3);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ type: "result", subtype: "success", result: "Recovered answer." });
    expect(r.stderr).toBe("");
  });

  it("text: stdout is just the answer, nothing on stderr", async () => {
    server = await startFakeAnthropic({ script: script() });
    const ke = keelEnv(server.url, { KEEL_STREAM_IDLE_TIMEOUT_MS: IDLE_MS });
    const r = await runKeel(["-p", "q"], ke);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("Recovered answer.\n");
    expect(r.stderr).toBe("");
  });
});

describe("keel -p gives up on failures it must not or can no longer retry", () => {
  it("retries exhausted (KEEL_MAX_RETRIES=2, three 500s on the first request): exit 1, last error reported", async () => {
    const fault: FakeFault = { kind: "http", status: 500, headers: { "retry-after-ms": "1" } };
    const { r, ke, srv } = await run(
      [{ content: [{ type: "text", text: "never" }], faults: [fault, fault, fault] }],
      {
        KEEL_MAX_RETRIES: "2",
      },
    );
    expect(r.code).toBe(1);
    expect(srv.requests).toHaveLength(3);
    expect(new Set(srv.requests.map((q) => q.rawBody)).size).toBe(1);
    const retries = ofType(r, "system", "api_retry");
    expect(retries.map((l) => [l.attempt, l.max_retries, l.error_status])).toEqual([
      [1, 2, 500],
      [2, 2, 500],
    ]);
    const result = r.lines.at(-1)!;
    expect(result).toMatchObject({ type: "result", subtype: "error_during_execution", is_error: true });
    const errors = result.errors as string[];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/500/);
    expect(errors[0]).toMatch(/gave up after 2 retries/);
    expect(ofType(r, "assistant")).toHaveLength(0);

    const recs = sessionMessages(ke);
    expect(recs.map((rec) => msg(rec).role)).toEqual(["user"]);
    expect(msg(recs[0]!).content).toEqual([{ type: "text", text: PROMPT }]);
  });

  it("retries exhausted on the turn after a tool call: the committed tool round stays in the session", async () => {
    const fault: FakeFault = { kind: "http", status: 503, headers: { "retry-after-ms": "1" } };
    const { r, ke, srv } = await run(toolScript({ turn2: [fault, fault, fault] }), { KEEL_MAX_RETRIES: "2" });
    expect(r.code).toBe(1);
    expect(srv.requests).toHaveLength(4);
    expect(srv.requests[3]!.rawBody).toBe(srv.requests[1]!.rawBody);
    expect(r.lines.at(-1)).toMatchObject({ type: "result", is_error: true, num_turns: 2 });
    expect(countLines(ke)).toEqual(["x"]);
    const recs = sessionMessages(ke);
    expect(recs.map((rec) => msg(rec).role)).toEqual(["user", "assistant", "user"]);
  });

  it("x-should-retry: false on a 503 is not retried", async () => {
    const { r, srv } = await run(
      toolScript({ turn1: [{ kind: "http", status: 503, headers: { "x-should-retry": "false" } }] }),
    );
    expect(r.code).toBe(1);
    expect(srv.requests).toHaveLength(1);
    expect(ofType(r, "system", "api_retry")).toHaveLength(0);
    const result = r.lines.at(-1)!;
    expect(result).toMatchObject({ type: "result", is_error: true });
    expect((result.errors as string[])[0]).toMatch(/503/);
  });

  it("x-should-retry: true makes a 400 retryable", async () => {
    const { r, srv } = await run([
      {
        content: [{ type: "text", text: "ok" }],
        faults: [{ kind: "http", status: 400, headers: { "x-should-retry": "true", "retry-after-ms": "1" } }],
      },
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(srv.requests).toHaveLength(2);
    expect(ofType(r, "system", "api_retry")).toEqual([expect.objectContaining({ error_status: 400 })]);
  });

  it("a non-retryable error frame mid-stream fails at once, and its partial output is not stored", async () => {
    const { r, ke, srv } = await run(
      toolScript({ turn2: [{ kind: "error_frame", afterEvents: 4, errorType: "invalid_request_error" }] }),
    );
    expect(r.code).toBe(1);
    expect(srv.requests).toHaveLength(2);
    expect(ofType(r, "system", "api_retry")).toHaveLength(0);
    expect((r.lines.at(-1)!.errors as string[])[0]).toMatch(/invalid_request_error/);
    expect(ofType(r, "assistant")).toHaveLength(1);
    expect(sessionMessages(ke).map((rec) => msg(rec).role)).toEqual(["user", "assistant", "user"]);
    expect(countLines(ke)).toEqual(["x"]);
  });

  it("401 fails at once with an authentication message (stream-json)", async () => {
    const { r, srv } = await run(toolScript({ turn1: [{ kind: "http", status: 401 }] }));
    expect(r.code).toBe(1);
    expect(srv.requests).toHaveLength(1);
    expect(ofType(r, "system", "api_retry")).toHaveLength(0);
    const result = r.lines.at(-1)!;
    expect(result).toMatchObject({ type: "result", is_error: true });
    expect((result.errors as string[]).join(" ")).toMatch(/authentication/i);
    expect((result.errors as string[]).join(" ")).toMatch(/ANTHROPIC_API_KEY/);
  });

  it("401 in text mode: one clear line on stderr, nothing on stdout", async () => {
    server = await startFakeAnthropic({ script: [], apiKey: "sk-the-right-key" });
    const ke = keelEnv(server.url);
    const r = await runKeel(["-p", "hi"], ke);
    expect(r.code).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^keel: Authentication failed \(401\)/);
    expect(lines[0]).not.toContain("sk-test-key");
  });

  it("a 429 spend cap (no retry-after) is not retried", async () => {
    const { r, srv } = await run([
      {
        content: [{ type: "text", text: "never" }],
        faults: [
          {
            kind: "http",
            status: 429,
            body: {
              type: "error",
              error: {
                type: "rate_limit_error",
                message: "You have reached your specified API usage limits.",
              },
            },
          },
        ],
      },
    ]);
    expect(r.code).toBe(1);
    expect(srv.requests).toHaveLength(1);
    expect((r.lines.at(-1)!.errors as string[])[0]).toMatch(/Usage limit reached \(429\)/);
  });
});
