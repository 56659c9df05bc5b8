import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Agent, JsonlSessionStore } from "@keel/core";
import { createModePolicy } from "@keel/permissions";
import type { AgentEvent, SessionRecord, ToolResultBlock, ToolUseBlock } from "@keel/protocol";
import { ScriptedProvider } from "@keel/provider";
import { ToolRegistry } from "@keel/tools";
import { createBuiltinTools } from "@keel/tools-builtin";
import { afterAll, describe, expect, it } from "vitest";
// Print mode's mapping, checked here on real sub-agent events (test-only import from the layer above).
import { toStreamJsonLine } from "../../cli/src/stream-json.js";
import { agentTypeInfos } from "../src/agents/agent-definition.js";
import { BUILTIN_AGENTS } from "../src/agents/builtin-agents.js";
import { createSubagentRunner } from "../src/subagents/create-subagent-runner.js";
import { subagentSessionStore } from "../src/subagents/subagent-session-store.js";
import {
  gatedProvider,
  promptOf,
  removeTempDirs,
  tempDir,
  textOf,
  twoPartyGate,
} from "./subagent-fixtures.js";

afterAll(removeTempDirs);

function readRecords(path: string): SessionRecord[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as SessionRecord);
}

describe("two Explore sub-agents in one turn", () => {
  it("run in parallel, cannot write or spawn agents, answer in call order, and are linked sessions", async () => {
    const ws = tempDir("keel-sub-ws-");
    writeFileSync(join(ws, "notes.txt"), "the answer is 42\n");
    const parentStore = new JsonlSessionStore({ dir: join(tempDir("keel-sub-home-"), "projects", "p") });
    const parentLog = await parentStore.create({
      type: "header",
      version: 1,
      sessionId: "parent-session",
      cwd: ws,
      model: "claude-sonnet-5-5",
      created: new Date().toISOString(),
      parentSessionId: null,
    });

    // Every event, with its position in one global sequence (the order the loop emitted them).
    const events: AgentEvent[] = [];
    const onEvent = (event: AgentEvent) => events.push(event);

    // Sub-agents: first turn tries Write, Agent and Read; second turn reports what Read returned.
    // Each one's first request waits until the other's has arrived: run one after the other,
    // the first would wait out the gate's fail-safe alone and the intervals would not overlap.
    const gate = twoPartyGate();
    const subProvider = gatedProvider(
      new ScriptedProvider((request) => {
        const who = promptOf(request).endsWith("A") ? "A" : "B";
        if (request.messages.length === 1) {
          return {
            content: [
              { type: "text", text: `Exploring ${who}.` },
              use(`w${who}`, "Write", { file_path: join(ws, `hacked-${who}.txt`), content: "x" }),
              use(`a${who}`, "Agent", {
                description: "nested",
                prompt: "go deeper",
                subagent_type: "Explore",
              }),
              use(`r${who}`, "Read", { file_path: join(ws, "notes.txt") }),
            ],
          };
        }
        const results = request.messages[2]?.content as ToolResultBlock[];
        const read = results.find((r) => r.toolUseId === `r${who}`);
        return {
          content: [
            { type: "text", text: `report ${who}: ${textOf(read?.content).includes("42") ? "42" : "?"}` },
          ],
        };
      }),
      (request) => (request.messages.length === 1 ? gate.arrive() : Promise.resolve()),
    );

    // acceptEdits: the parent may write in the workspace; the Explore type still cannot.
    const policy = createModePolicy({ mode: "acceptEdits", workspace: ws });
    const env = { PATH: process.env.PATH };
    const runSubagent = createSubagentRunner({
      definitions: BUILTIN_AGENTS,
      provider: subProvider,
      model: "claude-sonnet-5-5",
      policy,
      createTools: () => createBuiltinTools({ env }),
      store: subagentSessionStore(parentLog.location),
      parentLog,
      parentSessionId: "parent-session",
      onEvent,
      cwd: ws,
    });
    const parentProvider = new ScriptedProvider([
      {
        content: [
          use("agent_1", "Agent", {
            description: "Explore A",
            prompt: "Find the answer, part A",
            subagent_type: "Explore",
          }),
          use("agent_2", "Agent", {
            description: "Explore B",
            prompt: "Find the answer, part B",
            subagent_type: "Explore",
          }),
        ],
      },
      { content: [{ type: "text", text: "Both reported." }] },
    ]);
    const parent = new Agent({
      sessionId: "parent-session",
      provider: parentProvider,
      model: "claude-sonnet-5-5",
      system: "parent",
      tools: new ToolRegistry(
        createBuiltinTools({ env, agent: { runSubagent, agentTypes: agentTypeInfos(BUILTIN_AGENTS) } }),
      ),
      policy,
      cwd: ws,
      log: parentLog,
      onEvent,
    });
    const result = await parent.run("Explore both parts");
    await parentLog.close();
    expect(result.subtype).toBe("success");

    // Results in call order, each the sub-agent's final text.
    const answers = parentProvider.requests[1]?.messages[2]?.content as ToolResultBlock[];
    expect(answers.map((r) => [r.toolUseId, r.content, r.isError])).toEqual([
      ["agent_1", "report A: 42", false],
      ["agent_2", "report B: 42", false],
    ]);

    // Parallel: each sub-agent's events interleave with the other's.
    const span = (id: string) => {
      const at = events.flatMap((e, i) => (e.parentToolUseId === id ? [i] : []));
      return { first: Math.min(...at), last: Math.max(...at), count: at.length };
    };
    const a = span("agent_1");
    const b = span("agent_2");
    expect(a.count).toBeGreaterThan(5);
    expect(b.count).toBeGreaterThan(5);
    expect(a.first < b.last && b.first < a.last).toBe(true);
    expect(gate.arrivedTogether()).toBe(true);

    // Read-only: no write tool, no Bash, no Agent offered; the attempts fail; nothing written.
    const subRequests = subProvider.inner.requests;
    expect(subRequests).toHaveLength(4);
    for (const request of subRequests)
      expect(request.tools.map((t) => t.name)).toEqual(["Read", "Glob", "Grep"]);
    for (const who of ["A", "B"]) {
      const second = subRequests.find((r) => r.messages.length === 3 && promptOf(r).endsWith(who));
      const results = second?.messages[2]?.content as ToolResultBlock[];
      expect(results.map((r) => [r.toolUseId, r.isError])).toEqual([
        [`w${who}`, true],
        [`a${who}`, true],
        [`r${who}`, false],
      ]);
      expect(textOf(results[0]?.content)).toMatch(/^No such tool: Write\./);
      expect(textOf(results[1]?.content)).toMatch(/^No such tool: Agent\./);
      expect(existsSync(join(ws, `hacked-${who}.txt`))).toBe(false);
    }

    // Linked sessions: a subagent record per call in the parent's file, each naming a session
    // file beside it whose header points back to the parent.
    const links = readRecords(parentLog.location).filter((r) => r.type === "subagent");
    expect(links.map((l) => l.toolUseId).sort()).toEqual(["agent_1", "agent_2"]);
    for (const link of links) {
      expect(dirname(link.path)).toBe(join(dirname(parentLog.location), "parent-session", "subagents"));
      const records = readRecords(link.path);
      expect(records[0]).toMatchObject({
        type: "header",
        sessionId: link.sessionId,
        parentSessionId: "parent-session",
      });
      const last = records.filter((r) => r.type === "message").at(-1);
      const who = link.toolUseId === "agent_1" ? "A" : "B";
      expect(last).toMatchObject({
        message: { role: "assistant", content: [{ type: "text", text: `report ${who}: 42` }] },
      });
      // Every event of that sub-agent names its session and the spawning call.
      const own = events.filter((e) => e.parentToolUseId === link.toolUseId);
      expect(own.every((e) => e.sessionId === link.sessionId)).toBe(true);
      expect(own.map((e) => e.type)).toContain("session_init");
    }
    expect(
      events.filter((e) => e.parentToolUseId === null).every((e) => e.sessionId === "parent-session"),
    ).toBe(true);

    // stream-json: sub-agent messages carry parent_tool_use_id.
    const subLines = events
      .filter(
        (e) => e.parentToolUseId !== null && (e.type === "assistant_message" || e.type === "user_message"),
      )
      .map((e) => ({ id: e.parentToolUseId, line: toStreamJsonLine(e, { apiKeySource: "none" }) }));
    expect(subLines.length).toBeGreaterThanOrEqual(8);
    for (const { id, line } of subLines) expect(line).toMatchObject({ parent_tool_use_id: id });
  });
});

function use(id: string, name: string, input: Record<string, unknown>): ToolUseBlock {
  return { type: "tool_use", id, name, input };
}
