import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { JsonlSessionStore, type SessionLog } from "@keel/core";
import { createModePolicy } from "@keel/permissions";
import type { AgentEvent, SessionRecord, ToolResultBlock, ToolUseBlock } from "@keel/protocol";
import { type ModelRequest, ScriptedProvider, type ScriptedTurn } from "@keel/provider";
import { createBuiltinTools } from "@keel/tools-builtin";
import { afterAll, describe, expect, it } from "vitest";
import type { AgentDefinition } from "../src/agents/agent-definition.js";
import { BUILTIN_AGENTS } from "../src/agents/builtin-agents.js";
import { createSubagentRunner, type SubagentRunnerOptions } from "../src/subagents/create-subagent-runner.js";
import { subagentSessionStore } from "../src/subagents/subagent-session-store.js";
import { gatedProvider, promptOf, removeTempDirs, tempDir, textOf } from "./subagent-fixtures.js";

afterAll(removeTempDirs);

const env = { PATH: process.env.PATH };

function records(path: string): SessionRecord[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as SessionRecord);
}

function use(id: string, name: string, input: Record<string, unknown>): ToolUseBlock {
  return { type: "tool_use", id, name, input };
}

async function setup(
  script: (request: ModelRequest) => ScriptedTurn,
  overrides: Partial<SubagentRunnerOptions> = {},
) {
  const ws = tempDir("keel-sub2-ws-");
  const store = new JsonlSessionStore({ dir: join(tempDir("keel-sub2-home-"), "p") });
  const parentLog: SessionLog = await store.create({
    type: "header",
    version: 1,
    sessionId: "parent",
    cwd: ws,
    model: "claude-sonnet-5-5",
    created: new Date().toISOString(),
    parentSessionId: null,
  });
  const provider = new ScriptedProvider(script);
  const events: AgentEvent[] = [];
  const run = createSubagentRunner({
    definitions: BUILTIN_AGENTS,
    provider,
    model: "claude-sonnet-5-5",
    policy: createModePolicy({ mode: "default", workspace: ws }),
    createTools: () => createBuiltinTools({ env }),
    store: subagentSessionStore(parentLog.location),
    parentLog,
    parentSessionId: "parent",
    onEvent: (e) => events.push(e),
    cwd: ws,
    ...overrides,
  });
  return { ws, parentLog, provider, events, run };
}

const request = (toolUseId: string, agentType: string, prompt = "do it") => ({
  toolUseId,
  description: "task",
  prompt,
  agentType,
  signal: new AbortController().signal,
});

describe("a sub-agent", () => {
  it("gets denied what would need approval (no approver asked), keeps its todo list in its own session, and cannot spawn agents", async () => {
    const { ws, parentLog, provider, events, run } = await setup((req) =>
      req.messages.length === 1
        ? {
            content: [
              use("w1", "Write", { file_path: join(ws, "new.txt"), content: "x" }),
              use("t1", "TodoWrite", {
                todos: [{ content: "Check", status: "in_progress", activeForm: "Checking" }],
              }),
            ],
          }
        : { content: [{ type: "text", text: "Could not write new.txt." }] },
    );
    const result = await run(request("call_gp", "general-purpose"));
    expect(result).toMatchObject({ text: "Could not write new.txt." });
    expect(result.isError).toBeUndefined();

    const tools = provider.requests[0]?.tools.map((t) => t.name) ?? [];
    expect(tools).toContain("Write");
    expect(tools).toContain("TodoWrite");
    expect(tools).not.toContain("Agent");

    const [denied, todo] = (provider.requests[1]?.messages[2]?.content ?? []) as ToolResultBlock[];
    expect(denied?.isError).toBe(true);
    expect(textOf(denied?.content)).toMatch(
      /^Permission to use Write was denied: a sub-agent cannot ask the user for approval, and this call needs it: Write needs write access.*Do without it/,
    );
    expect(existsSync(join(ws, "new.txt"))).toBe(false);
    expect(events.some((e) => e.type === "permission_request")).toBe(false);
    expect(events.find((e) => e.type === "permission_decision")).toMatchObject({
      behavior: "deny",
      parentToolUseId: "call_gp",
    });

    expect(todo?.isError).toBe(false);
    expect(events.find((e) => e.type === "todos")).toMatchObject({
      parentToolUseId: "call_gp",
      sessionId: result.sessionId,
      todos: [{ content: "Check", status: "in_progress", activeForm: "Checking" }],
    });
    await parentLog.close();
    const parentRecords = records(parentLog.location);
    expect(parentRecords.some((r) => r.type === "todos")).toBe(false);
    const link = parentRecords.find((r) => r.type === "subagent");
    expect(link).toMatchObject({ toolUseId: "call_gp", sessionId: result.sessionId });
    const childTodos = records(link?.type === "subagent" ? link.path : "").filter((r) => r.type === "todos");
    expect(childTodos).toHaveLength(1);
  });

  it("may spawn sub-agents below maxDepth, and those cannot", async () => {
    const { parentLog, provider, events, run } = await setup(
      (req) => {
        const nested = promptOf(req) === "look deeper";
        if (req.messages.length > 1)
          return { content: [{ type: "text", text: nested ? "deep result" : "outer result" }] };
        if (nested) return { content: [{ type: "text", text: "deep result" }] };
        return {
          content: [
            use("inner_call", "Agent", {
              description: "deeper",
              prompt: "look deeper",
              subagent_type: "Explore",
            }),
          ],
        };
      },
      { maxDepth: 2 },
    );
    const result = await run(request("outer_call", "general-purpose"));
    expect(result.text).toBe("outer result");

    const outerTools = provider.requests.find((r) => promptOf(r) === "do it")?.tools.map((t) => t.name);
    const innerTools = provider.requests.find((r) => promptOf(r) === "look deeper")?.tools.map((t) => t.name);
    expect(outerTools).toContain("Agent");
    expect(innerTools).toEqual(["Read", "Glob", "Grep"]);
    const toOuter = provider.requests.find((r) => promptOf(r) === "do it" && r.messages.length === 3);
    expect(((toOuter?.messages[2]?.content ?? []) as ToolResultBlock[])[0]).toMatchObject({
      toolUseId: "inner_call",
      content: "deep result",
      isError: false,
    });
    // The nested sub-agent's events name the call that spawned it; its session hangs off the outer one's.
    expect(events.filter((e) => e.parentToolUseId === "inner_call").map((e) => e.type)).toContain(
      "assistant_message",
    );
    await parentLog.close();
    const outerLink = records(parentLog.location).filter((r) => r.type === "subagent");
    expect(outerLink.map((r) => r.toolUseId)).toEqual(["outer_call"]);
    const outerPath = outerLink[0]?.type === "subagent" ? outerLink[0].path : "";
    const innerLink = records(outerPath).find((r) => r.type === "subagent");
    expect(innerLink).toMatchObject({ toolUseId: "inner_call" });
    const innerPath = innerLink?.type === "subagent" ? innerLink.path : "";
    expect(records(innerPath)[0]).toMatchObject({ type: "header", parentSessionId: outerLink[0]?.sessionId });
  });

  it("stops at its turn cap with an error that includes its last message", async () => {
    const { run } = await setup(
      () => ({
        content: [
          { type: "text", text: "Still looking." },
          use(`g${Math.random()}`, "Glob", { pattern: "*" }),
        ],
      }),
      { maxTurns: 2 },
    );
    const result = await run(request("capped", "Explore"));
    expect(result.isError).toBe(true);
    expect(result.text).toBe(
      "The Explore agent did not finish: Reached the maximum number of turns (2).\n\nIts last message before stopping:\nStill looking.",
    );
  });

  it("runs at most maxConcurrency at once, and an abort ends waiting and running ones", async () => {
    let active = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const inner = new ScriptedProvider(() => ({ content: [{ type: "text", text: "ok" }] }));
    const provider = gatedProvider(inner, () => {
      active++;
      peak = Math.max(peak, active);
      return new Promise<void>((resolve) =>
        releases.push(() => {
          active--;
          resolve();
        }),
      );
    });
    const { run } = await setup(() => ({}), { provider, maxConcurrency: 2 });
    const controller = new AbortController();
    const start = (id: string) => run({ ...request(id, "Explore"), signal: controller.signal });
    const heldAtProvider = async (count: number, maxTicks = Number.POSITIVE_INFINITY) => {
      for (let tick = 0; releases.length < count && tick < maxTicks; tick++) {
        await new Promise((r) => setImmediate(r));
      }
    };
    const calls = [start("c1"), start("c2"), start("c3")];
    await heldAtProvider(2);
    // Give a third call the time the first two needed: without a limit it would arrive (peak 3).
    await heldAtProvider(3, 50);
    releases.shift()?.();
    await calls[0];
    // c1 finished: c3 gets its slot.
    await heldAtProvider(2);
    // c4 queues for a slot at once (the runner asks for one before its first await).
    calls.push(start("c4"));
    controller.abort();
    for (const release of releases.splice(0)) release();
    const results = await Promise.all(calls);
    expect(peak).toBe(2);
    expect(results.map((r) => r.text)).toEqual([
      "ok",
      "The Explore agent did not finish: Interrupted by user.",
      "The Explore agent did not finish: Interrupted by user.",
      "Interrupted by user before the agent started.",
    ]);
    expect(results.map((r) => r.isError === true)).toEqual([false, true, true, true]);
  });

  it("runs on the call's model, else its type's, else the parent's, possibly on another provider", async () => {
    const typed = { ...BUILTIN_AGENTS[1], name: "opus-explorer", model: "opus" } as AgentDefinition;
    const { provider, run } = await setup(() => ({ content: [{ type: "text", text: "ok" }] }), {
      definitions: [...BUILTIN_AGENTS, typed],
    });
    await run(request("m1", "Explore"));
    await run({ ...request("m2", "Explore"), model: "haiku" });
    await run(request("m3", "opus-explorer"));
    await run({ ...request("m4", "opus-explorer"), model: "claude-sonnet-4-5" });
    expect(provider.requests.map((r) => r.model)).toEqual([
      "claude-sonnet-5-5",
      expect.stringMatching(/^claude-haiku-/),
      expect.stringMatching(/^claude-opus-/),
      "claude-sonnet-4-5",
    ]);

    const other = new ScriptedProvider([{ content: [{ type: "text", text: "from elsewhere" }] }]);
    const elsewhere = await setup(() => ({}), {
      resolveModel: (requested) => ({ model: `local-${requested ?? "inherit"}`, provider: other }),
    });
    expect((await elsewhere.run({ ...request("m5", "Explore"), model: "qwen" })).text).toBe("from elsewhere");
    expect(other.requests[0]?.model).toBe("local-qwen");
    expect(elsewhere.provider.requests).toEqual([]);
  });

  it("answers an unknown type with the known ones", async () => {
    const { run } = await setup(() => ({}));
    expect(await run(request("x", "Plan"))).toEqual({
      text: 'Unknown agent type "Plan". Available agent types: general-purpose, Explore.',
      isError: true,
    });
  });
});
