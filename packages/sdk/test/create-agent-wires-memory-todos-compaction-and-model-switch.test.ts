import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentEvent, Message, SessionRecord } from "@keel/protocol";
import { type ModelRequest, ScriptedProvider, type ScriptedTurn } from "@keel/provider";
import { describe, expect, it } from "vitest";
import { createAgent } from "../src/create-agent.js";
import type { ProviderSpec } from "../src/provider-selection/create-provider.js";

function project() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "keel-wiring-")));
  const cwd = join(root, "project");
  const keelHome = join(root, "keel-home");
  mkdirSync(cwd, { recursive: true });
  mkdirSync(keelHome, { recursive: true });
  const env = {
    HOME: root,
    KEEL_HOME: keelHome,
    ANTHROPIC_API_KEY: "k",
    OPENAI_API_KEY: "o",
    PATH: process.env.PATH,
  };
  const records = (path: string): SessionRecord[] =>
    readFileSync(path, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as SessionRecord);
  return { root, cwd, keelHome, env, records };
}

const text = (t: string): ScriptedTurn => ({ content: [{ type: "text", text: t }] });
const allText = (request: ModelRequest) => `${request.context ?? ""}\n${JSON.stringify(request.messages)}`;

describe("createAgent assembles the session", () => {
  it("sends memory files in the context block and keeps the system prompt free of them", async () => {
    const p = project();
    writeFileSync(join(p.cwd, "AGENTS.md"), "Always answer in haiku.\n");
    const provider = new ScriptedProvider([text("ok")]);
    const created = await createAgent({ cwd: p.cwd, env: p.env, provider, sandbox: false });
    await created.agent.run("hi");
    await created.close();
    expect(provider.requests[0]?.context).toContain("Always answer in haiku.");
    expect(provider.requests[0]?.system).not.toContain("haiku");
  });

  it("stores TodoWrite lists as records and events, and resumes with the last list", async () => {
    const p = project();
    const events: AgentEvent[] = [];
    const todos = [{ content: "Write tests", status: "in_progress", activeForm: "Writing tests" }];
    const provider = new ScriptedProvider([
      { content: [{ type: "tool_use", id: "t1", name: "TodoWrite", input: { todos } }] },
      text("saved"),
    ]);
    const created = await createAgent({
      cwd: p.cwd,
      env: p.env,
      provider,
      sandbox: false,
      onEvent: (e) => events.push(e),
    });
    expect(created.toolNames).toEqual(
      expect.arrayContaining(["TodoWrite", "Agent", "TaskOutput", "TaskStop"]),
    );
    await created.agent.run("plan it");
    await created.close();
    expect(events.find((e) => e.type === "todos")).toMatchObject({ todos, parentToolUseId: null });
    expect(p.records(created.sessionPath!).filter((r) => r.type === "todos")).toEqual([
      { type: "todos", todos },
    ]);
  });

  it("resumes a compacted session from its boundary: summary first, then the kept messages", async () => {
    const p = project();
    const first = await createAgent({
      cwd: p.cwd,
      env: p.env,
      provider: new ScriptedProvider([text("one"), text("summary of the early work"), text("two")]),
      sandbox: false,
    });
    await first.agent.run("first prompt: build the parser");
    const outcome = await first.agent.compact();
    expect(outcome).toMatchObject({ compacted: true });
    await first.agent.run("second prompt");
    await first.close();
    expect(p.records(first.sessionPath!).some((r) => r.type === "compaction")).toBe(true);

    const provider = new ScriptedProvider([text("three")]);
    const resumed = await createAgent({
      cwd: p.cwd,
      env: p.env,
      provider,
      resume: first.sessionId,
      sandbox: false,
    });
    expect(resumed.resumed).toBe(true);
    await resumed.agent.run("third prompt");
    await resumed.close();
    const sent = provider.requests[0]!;
    const firstMessage = JSON.stringify(sent.messages[0]);
    expect(firstMessage).toContain("summary of the early work");
    expect(firstMessage).toContain("first prompt: build the parser");
    expect(allText(sent)).toContain("second prompt");
    expect(JSON.stringify(sent.messages.at(-1))).toContain("third prompt");
  });

  it("forks a session: the new one starts with the history, the old file is untouched", async () => {
    const p = project();
    const first = await createAgent({
      cwd: p.cwd,
      env: p.env,
      provider: new ScriptedProvider([text("a")]),
      sandbox: false,
    });
    await first.agent.run("original prompt");
    await first.close();
    const before = readFileSync(first.sessionPath!, "utf8");
    const provider = new ScriptedProvider([text("b")]);
    const fork = await createAgent({
      cwd: p.cwd,
      env: p.env,
      provider,
      resume: first.sessionId,
      forkSession: true,
      sandbox: false,
    });
    await fork.agent.run("in the fork");
    await fork.close();
    expect(fork.sessionId).not.toBe(first.sessionId);
    expect(readFileSync(first.sessionPath!, "utf8")).toBe(before);
    expect(allText(provider.requests[0]!)).toContain("original prompt");
    const header = p.records(fork.sessionPath!)[0];
    expect(header).toMatchObject({ type: "header", parentSessionId: first.sessionId });
  });

  it("switches model mid-session (/model): the next request goes to the new provider and model", async () => {
    const p = project();
    const made: Array<{ spec: ProviderSpec; provider: ScriptedProvider }> = [];
    const createProvider = (spec: ProviderSpec) => {
      const provider = new ScriptedProvider([text(`from ${spec.api}`)]);
      made.push({ spec, provider });
      return provider;
    };
    const created = await createAgent({
      cwd: p.cwd,
      env: p.env,
      model: "claude-sonnet-5-5",
      createProvider,
      sandbox: false,
    });
    await created.agent.run("one");
    created.switchModel("openai/gpt-6.2-sol");
    expect(created.model).toBe("gpt-6.2-sol");
    const result = await created.agent.run("two");
    await created.close();
    expect(result.result).toBe("from openai-responses");
    const last = made.at(-1)!;
    expect(last.provider.requests[0]?.model).toBe("gpt-6.2-sol");
    const messages: Message[] = last.provider.requests[0]!.messages;
    expect(JSON.stringify(messages)).toContain("one");
  });

  it("lists this project's sessions with titles from the first prompt", async () => {
    const p = project();
    const a = await createAgent({
      cwd: p.cwd,
      env: p.env,
      provider: new ScriptedProvider([text("x")]),
      sandbox: false,
    });
    await a.agent.run("Refactor the tokenizer\nwith details");
    await a.close();
    const b = await createAgent({
      cwd: p.cwd,
      env: p.env,
      provider: new ScriptedProvider([]),
      sandbox: false,
    });
    const list = await b.listSessions();
    await b.close();
    const found = list.find((s) => s.sessionId === a.sessionId);
    expect(found?.title).toBe("Refactor the tokenizer");
    expect(readdirSync(join(p.keelHome, "projects")).length).toBe(1);
  });
});
