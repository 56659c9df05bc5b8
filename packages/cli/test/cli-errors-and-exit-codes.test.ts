// `keel -p` output formats, exit codes, usage errors, secrets and permission denials, run as the
// built binary against the fake Anthropic server.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeAnthropicServer, type FakeScript, startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { type KeelEnv, type KeelRun, keelEnv, runKeel, sessionFiles } from "./keel-harness.js";

let server: FakeAnthropicServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(script: FakeScript): Promise<FakeAnthropicServer> {
  server = await startFakeAnthropic({ script });
  return server;
}

type Line = Record<string, unknown>;
type Block = Record<string, unknown>;
const ofType = (r: KeelRun, type: string) => r.lines.filter((l) => l.type === type);
const contentOf = (line: Line) => (line.message as { content: Block[] }).content;

/** Every session message record's protocol message. */
function sessionMessages(ke: KeelEnv): Array<{ role: string; content: Block[] }> {
  const files = sessionFiles(ke);
  expect(files).toHaveLength(1);
  return files[0]!.records
    .filter((r) => r.type === "message")
    .map((r) => r.message as { role: string; content: Block[] });
}

/** Text of a tool_result (protocol or wire shape; string or blocks). */
function resultText(block: Block): string {
  const c = block.content;
  if (typeof c === "string") return c;
  return (c as Block[]).map((b) => String(b.text ?? "")).join("");
}

const TOOL_THEN_TEXT: FakeScript = [
  {
    content: [
      { type: "text", text: "Let me look." },
      { type: "tool_use", name: "Bash", input: { command: "echo hi" } },
    ],
  },
  { content: [{ type: "text", text: "It said hi." }] },
];

describe("keel -p output formats", () => {
  it("stream-json: init first, Anthropic-shaped assistant and user lines, result last", async () => {
    const srv = await serve(TOOL_THEN_TEXT);
    const ke = keelEnv(srv.url);
    const r = await runKeel(
      ["-p", "say hi via bash", "--output-format", "stream-json", "--permission-mode", "bypassPermissions"],
      ke,
    );
    expect(r.code, r.stderr).toBe(0);
    // Every stdout line is one JSON object.
    const raw = r.stdout.split("\n").filter((l) => l !== "");
    expect(raw).toHaveLength(r.lines.length);

    const init = r.lines[0]!;
    expect(init).toMatchObject({
      type: "system",
      subtype: "init",
      cwd: ke.cwd,
      model: "claude-sonnet-5-5",
      permissionMode: "bypassPermissions",
      apiKeySource: "ANTHROPIC_API_KEY",
    });
    expect(init.tools).toEqual(expect.arrayContaining(["Bash", "Read", "Write"]));
    expect(typeof init.session_id).toBe("string");
    expect(typeof init.uuid).toBe("string");
    const sid = init.session_id;

    // Like Claude Code, the prompt itself is not echoed (no --replay-user-messages yet).
    expect(r.lines.map((l) => l.type)).toEqual(["system", "assistant", "user", "assistant", "result"]);
    for (const l of r.lines.slice(1)) {
      expect(l.session_id).toBe(sid);
      expect(typeof l.uuid).toBe("string");
    }
    const uuids = r.lines.map((l) => l.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);

    const [a1, a2] = ofType(r, "assistant");
    expect(a1).toMatchObject({ parent_tool_use_id: null });
    expect(a1!.message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-sonnet-5-5",
      stop_reason: "tool_use",
    });
    expect((a1!.message as Line).id).toMatch(/^msg_/);
    expect((a1!.message as Line).usage).toMatchObject({ input_tokens: expect.any(Number) });
    const toolUse = contentOf(a1!)[1]!;
    expect(contentOf(a1!)[0]).toEqual({ type: "text", text: "Let me look." });
    expect(toolUse).toEqual({
      type: "tool_use",
      id: expect.stringMatching(/^toolu_/),
      name: "Bash",
      input: { command: "echo hi" },
    });
    expect(contentOf(a2!)).toEqual([{ type: "text", text: "It said hi." }]);
    expect((a2!.message as Line).stop_reason).toBe("end_turn");

    const toolResultLine = ofType(r, "user")[0]!;
    expect(toolResultLine.parent_tool_use_id).toBeNull();
    expect(toolResultLine.message).toMatchObject({ role: "user" });
    const tr = contentOf(toolResultLine)[0]!;
    expect(tr).toMatchObject({ type: "tool_result", tool_use_id: toolUse.id });
    expect(tr).not.toHaveProperty("toolUseId");
    expect(resultText(tr)).toContain("hi");

    const result = r.lines.at(-1)!;
    expect(result).toMatchObject({
      type: "result",
      subtype: "success",
      is_error: false,
      result: "It said hi.",
      num_turns: 2,
      session_id: sid,
      permission_denials: [],
      stop_reason: "end_turn",
    });
    expect(result.total_cost_usd).toEqual(expect.any(Number));
    expect(result.duration_ms).toEqual(expect.any(Number));
  });

  it("--verbose with stream-json produces the same line types", async () => {
    const srv = await serve(TOOL_THEN_TEXT);
    const ke = keelEnv(srv.url);
    const r = await runKeel(
      [
        "-p",
        "say hi",
        "--output-format",
        "stream-json",
        "--verbose",
        "--permission-mode",
        "bypassPermissions",
      ],
      ke,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines.map((l) => (l.subtype ? `${l.type}/${l.subtype}` : l.type))).toEqual([
      "system/init",
      "assistant",
      "user",
      "assistant",
      "result/success",
    ]);
  });

  it("json prints exactly one object: the result", async () => {
    const srv = await serve([{ content: [{ type: "text", text: "Forty-two." }] }]);
    const ke = keelEnv(srv.url);
    const r = await runKeel(["-p", "answer?", "--output-format", "json"], ke);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const obj = JSON.parse(r.stdout) as Line;
    expect(obj).toMatchObject({
      type: "result",
      subtype: "success",
      is_error: false,
      result: "Forty-two.",
      num_turns: 1,
      session_id: expect.any(String),
      duration_ms: expect.any(Number),
      total_cost_usd: expect.any(Number),
      usage: {
        input_tokens: expect.any(Number),
        output_tokens: expect.any(Number),
        cache_creation_input_tokens: expect.any(Number),
        cache_read_input_tokens: expect.any(Number),
      },
    });
    expect(obj.session_id).toBe(sessionFiles(ke)[0]!.records[0]!.sessionId);
  });

  it("text prints the final answer only", async () => {
    const srv = await serve([{ content: [{ type: "text", text: "Plain answer." }] }]);
    const r = await runKeel(["-p", "q"], keelEnv(srv.url));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Plain answer.\n");
  });

  it("the prompt can come from stdin", async () => {
    const srv = await serve([{ content: [{ type: "text", text: "Hello back." }] }]);
    const ke = keelEnv(srv.url);
    const r = await runKeel(["-p", "--output-format", "json"], ke, "hello\n");
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines[0]).toMatchObject({ subtype: "success", result: "Hello back." });
    const body = srv.requests[0]!.body as { messages: Array<{ role: string; content: Block[] }> };
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]!.role).toBe("user");
    expect(body.messages[0]!.content.some((b) => b.type === "text" && b.text === "hello")).toBe(true);
  });
});

describe("keel exit codes and usage errors", () => {
  it("--version prints the package version and exits 0", async () => {
    const ke = keelEnv("http://127.0.0.1:9"); // never contacted
    const r = await runKeel(["--version"], ke);
    expect(r.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8")) as {
      version: string;
    };
    expect(r.stdout.trim()).toBe(`${pkg.version} (Keel)`);
    expect(r.stderr).toBe("");
  });

  it("an unknown flag exits 2 with a usage message", async () => {
    const r = await runKeel(["-p", "x", "--frobnicate"], keelEnv("http://127.0.0.1:9"));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/--frobnicate/);
    expect(r.stderr).toMatch(/keel --help/);
  });

  it("a bad flag value exits 2", async () => {
    const ke = keelEnv("http://127.0.0.1:9");
    expect((await runKeel(["-p", "x", "--output-format", "yaml"], ke)).code).toBe(2);
    expect((await runKeel(["-p", "x", "--max-turns", "0"], ke)).code).toBe(2);
    expect((await runKeel(["-p", "x", "--permission-mode", "yolo"], ke)).code).toBe(2);
  });

  it("no prompt (empty stdin) exits 2", async () => {
    const r = await runKeel(["-p"], keelEnv("http://127.0.0.1:9"), "  \n");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no prompt/);
  });

  it("a malformed KEEL_MAX_RETRIES: exit 1 with a one-line error naming it", async () => {
    const srv = await serve([{ content: [{ type: "text", text: "never" }] }]);
    const r = await runKeel(["-p", "hi"], keelEnv(srv.url, { KEEL_MAX_RETRIES: "lots" }));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/KEEL_MAX_RETRIES/);
    expect(srv.requests).toHaveLength(0);
  });

  it("missing API key: exit 1, one stderr line naming ANTHROPIC_API_KEY, no request sent", async () => {
    const srv = await serve([{ content: [{ type: "text", text: "never" }] }]);
    const ke = keelEnv(srv.url);
    delete ke.env.ANTHROPIC_API_KEY;
    delete ke.env.ANTHROPIC_AUTH_TOKEN;
    for (const format of ["text", "stream-json"]) {
      const r = await runKeel(["-p", "hi", "--output-format", format], ke);
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^keel: .*ANTHROPIC_API_KEY/);
    }
    expect(srv.requests).toHaveLength(0);
  });

  it("ANTHROPIC_AUTH_TOKEN alone is accepted (sent as a bearer token)", async () => {
    const srv = await serve([{ content: [{ type: "text", text: "ok" }] }]);
    const ke = keelEnv(srv.url, { ANTHROPIC_AUTH_TOKEN: "tok-123" });
    delete ke.env.ANTHROPIC_API_KEY;
    const r = await runKeel(["-p", "hi", "--output-format", "stream-json"], ke);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines[0]).toMatchObject({ apiKeySource: "ANTHROPIC_AUTH_TOKEN" });
    expect(srv.requests[0]!.headers.authorization).toBe("Bearer tok-123");
  });

  it("--max-turns 2 with a model that always calls a tool: exit 1, error_max_turns", async () => {
    const srv = await serve(() => ({
      content: [{ type: "tool_use", name: "Bash", input: { command: "echo again" } }],
    }));
    const ke = keelEnv(srv.url);
    const r = await runKeel(
      [
        "-p",
        "loop",
        "--output-format",
        "stream-json",
        "--max-turns",
        "2",
        "--permission-mode",
        "bypassPermissions",
      ],
      ke,
    );
    expect(r.code).toBe(1);
    expect(srv.requests).toHaveLength(2);
    const result = r.lines.at(-1)!;
    expect(result).toMatchObject({
      type: "result",
      subtype: "error_max_turns",
      is_error: true,
      num_turns: 2,
    });
    expect((result.errors as string[])[0]).toMatch(/maximum number of turns \(2\)/);
    // Both tool calls were answered, so the session can be continued.
    expect(sessionMessages(ke).map((m) => m.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
    ]);
  });

  it("--max-turns in text mode: exit 1 and the reason on stderr", async () => {
    const srv = await serve(() => ({
      content: [{ type: "tool_use", name: "Bash", input: { command: "true" } }],
    }));
    const r = await runKeel(
      ["-p", "loop", "--max-turns", "1", "--permission-mode", "bypassPermissions"],
      keelEnv(srv.url),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/maximum number of turns/);
  });
});

/** Turn 1 writes `data\n` to `target` (an absolute path, set once the workspace exists); turn 2 says `final`. */
let target = "";
const writeScript =
  (final: string): FakeScript =>
  (_request, turn) =>
    turn === 0
      ? { content: [{ type: "tool_use", name: "Write", input: { file_path: target, content: "data\n" } }] }
      : { content: [{ type: "text", text: final }] };

describe("keel -p keeps secrets and respects permissions", () => {
  it("the API key never reaches the session file or the tools' environment", async () => {
    const srv = await serve([
      { content: [{ type: "tool_use", name: "Bash", input: { command: "env" } }] },
      { content: [{ type: "text", text: "Listed." }] },
    ]);
    const ke = keelEnv(srv.url, { MY_SERVICE_TOKEN: "tok-secret-2", PLAIN_VAR: "visible-value" });
    const r = await runKeel(
      ["-p", "print env", "--output-format", "stream-json", "--permission-mode", "bypassPermissions"],
      ke,
    );
    expect(r.code, r.stderr).toBe(0);
    // It was used… (the pinned SDK sends an apiKey as `Authorization: Bearer`, not `x-api-key`)
    const h = srv.requests[0]!.headers;
    expect(h["x-api-key"] ?? h.authorization).toMatch(/^(Bearer )?sk-test-key$/);

    const file = sessionFiles(ke)[0]!;
    const rawSession = readFileSync(file.path, "utf8");
    expect(rawSession).not.toContain("sk-test-key");
    expect(rawSession).not.toContain("tok-secret-2");
    expect(r.stdout).not.toContain("sk-test-key");
    expect(r.stderr).not.toContain("sk-test-key");

    const tr = sessionMessages(ke)[2]!.content[0]!;
    expect(tr.type).toBe("tool_result");
    const out = resultText(tr);
    expect(out).toContain("PLAIN_VAR=visible-value"); // …the command really printed the environment
    expect(out).not.toContain("ANTHROPIC_API_KEY");
    expect(out).not.toContain("MY_SERVICE_TOKEN");
    // …and the tool output sent back to the model is the same.
    expect(srv.requests[1]!.rawBody).not.toContain("sk-test-key");
  });

  it("default mode denies Write: the tool result names --permission-mode acceptEdits and the file is not written", async () => {
    const srv = await serve(writeScript("I could not write the file."));
    const ke = keelEnv(srv.url);
    target = join(ke.cwd, "out.txt");
    const r = await runKeel(["-p", "write out.txt", "--output-format", "stream-json"], ke);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(ke.cwd, "out.txt"))).toBe(false);
    expect(r.lines[0]).toMatchObject({ permissionMode: "default" });

    const toolUse = contentOf(ofType(r, "assistant")[0]!)[0]!;
    const tr = contentOf(ofType(r, "user")[0]!)[0]!;
    expect(tr).toMatchObject({ type: "tool_result", tool_use_id: toolUse.id, is_error: true });
    expect(resultText(tr)).toContain("--permission-mode acceptEdits");

    const result = r.lines.at(-1)!;
    expect(result).toMatchObject({ subtype: "success", result: "I could not write the file." });
    expect(result.permission_denials).toEqual([
      { tool_name: "Write", tool_use_id: toolUse.id, tool_input: { file_path: target, content: "data\n" } },
    ]);

    // The model was told: the second request carries the error result.
    const body = srv.requests[1]!.body as { messages: Array<{ content: Block[] }> };
    expect(body.messages.at(-1)!.content[0]).toMatchObject({ type: "tool_result", is_error: true });
    // The session stores the same denial.
    const stored = sessionMessages(ke)[2]!.content[0]!;
    expect(stored).toMatchObject({ type: "tool_result", isError: true });
  });

  it("acceptEdits allows the same Write", async () => {
    const srv = await serve(writeScript("Written."));
    const ke = keelEnv(srv.url);
    target = join(ke.cwd, "out.txt");
    const r = await runKeel(
      ["-p", "write", "--output-format", "json", "--permission-mode", "acceptEdits"],
      ke,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(ke.cwd, "out.txt"), "utf8")).toBe("data\n");
    expect(r.lines[0]).toMatchObject({ permission_denials: [] });
  });
});
