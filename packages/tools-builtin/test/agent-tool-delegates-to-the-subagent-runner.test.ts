import { createModePolicy } from "@keel/permissions";
import type { ToolResultBlock, ToolUseBlock } from "@keel/protocol";
import { ToolRegistry, ToolRunner, toInputJsonSchema } from "@keel/tools";
import { describe, expect, it } from "vitest";
import {
  type AgentToolOptions,
  type BackgroundSubagentTask,
  createAgentTool,
  type SubagentRequest,
} from "../src/index.js";
import { text } from "./context.js";

const TYPES = [
  { name: "general-purpose", description: "Researches and\n  changes code." },
  { name: "Explore", description: "Explores code, read-only.", tools: ["Read", "Glob", "Grep"] },
];

function setup(options: Partial<AgentToolOptions> & Pick<AgentToolOptions, "runSubagent">) {
  const tool = createAgentTool({ agentTypes: TYPES, ...options });
  const runner = new ToolRunner({
    registry: new ToolRegistry([tool]),
    policy: createModePolicy({ mode: "plan", workspace: "/ws" }),
  });
  const run = (calls: ToolUseBlock[], signal = new AbortController().signal): Promise<ToolResultBlock[]> =>
    runner.run(calls, { cwd: "/ws", signal, emit: () => {} });
  return { tool, run };
}

const call = (id: string, input: Record<string, unknown>, name = "Agent"): ToolUseBlock => ({
  type: "tool_use",
  id,
  name,
  input: { description: "Find things", prompt: `task ${id}`, ...input },
});

describe("the Agent tool", () => {
  it("lists the agent types in its description and takes Claude Code's fields", () => {
    const { tool } = setup({ runSubagent: async () => ({ text: "" }) });
    expect(tool.description).toContain("- general-purpose: Researches and changes code. (Tools: all tools)");
    expect(tool.description).toContain("- Explore: Explores code, read-only. (Tools: Read, Glob, Grep)");
    expect(tool.description).not.toContain("run_in_background");
    const schema = toInputJsonSchema(tool.inputSchema) as { properties: object; required: string[] };
    expect(Object.keys(schema.properties).sort()).toEqual(
      ["description", "model", "prompt", "run_in_background", "subagent_type"].sort(),
    );
    expect(schema.required.sort()).toEqual(["description", "prompt"]);
  });

  it("returns the sub-agent's final text, passing the call's id, type, model and signal (even in plan mode)", async () => {
    const requests: SubagentRequest[] = [];
    const { run } = setup({
      runSubagent: async (request) => {
        requests.push(request);
        return { text: `report for ${request.prompt}`, sessionId: "s1" };
      },
    });
    const controller = new AbortController();
    const [result] = await run([call("a1", { subagent_type: "explore", model: "haiku" })], controller.signal);
    expect(result).toEqual({
      type: "tool_result",
      toolUseId: "a1",
      content: "report for task a1",
      isError: false,
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      toolUseId: "a1",
      description: "Find things",
      prompt: "task a1",
      agentType: "Explore",
      model: "haiku",
    });
    expect(requests[0]?.background).toBeUndefined();
    controller.abort();
    expect(requests[0]?.signal.aborted).toBe(true);
  });

  it("defaults to general-purpose, accepts the old name Task, and passes errors through", async () => {
    const { run } = setup({
      runSubagent: async (request) => ({ text: `${request.agentType} hit the turn cap`, isError: true }),
    });
    const [result] = await run([call("t1", {}, "Task")]);
    expect(result?.isError).toBe(true);
    expect(text(result?.content)).toBe("general-purpose hit the turn cap");
  });

  it("refuses an unknown type with the list of known ones, without running anything", async () => {
    let ran = 0;
    const { run } = setup({
      runSubagent: async () => {
        ran++;
        return { text: "" };
      },
    });
    const [result] = await run([call("u1", { subagent_type: "Plan" })]);
    expect(result?.isError).toBe(true);
    expect(text(result?.content)).toBe(
      'Unknown agent type "Plan". Available agent types: general-purpose, Explore. Call Agent again with one of them as subagent_type.',
    );
    expect(ran).toBe(0);
  });

  it("runs several calls of one turn concurrently, results in call order", async () => {
    let release!: () => void;
    const bothStarted = new Promise<void>((r) => {
      release = r;
    });
    const started: string[] = [];
    const { run } = setup({
      runSubagent: async (request) => {
        started.push(request.toolUseId);
        if (started.length === 2) release();
        // A runner that waits for the first call to finish never starts the second: fail, not hang.
        await Promise.race([bothStarted, new Promise((r) => setTimeout(r, 2000))]);
        if (request.toolUseId === "c1") await new Promise((r) => setImmediate(r));
        return { text: `done ${request.toolUseId} after ${started.length} started` };
      },
    });
    const results = await run([call("c1", {}), call("c2", {})]);
    expect(results.map((r) => text(r.content))).toEqual([
      "done c1 after 2 started",
      "done c2 after 2 started",
    ]);
  });

  it("starts run_in_background calls as tasks when it can, and refuses them clearly when it cannot", async () => {
    const requests: SubagentRequest[] = [];
    const runSubagent = async (request: SubagentRequest) => {
      requests.push(request);
      return { text: "background report" };
    };
    const tasks: BackgroundSubagentTask[] = [];
    const withTasks = setup({
      runSubagent,
      startBackground: (task) => {
        tasks.push(task);
        return "task-7";
      },
    });
    expect(withTasks.tool.description).toContain("run_in_background: true starts it as a background task");
    const [started] = await withTasks.run([call("b1", { run_in_background: true })]);
    expect(started?.isError).toBe(false);
    expect(text(started?.content)).toMatch(
      /in the background as task task-7.*TaskOutput \(task_id "task-7"\)/,
    );
    expect(requests).toEqual([]);
    expect(tasks.map((t) => [t.kind, t.description])).toEqual([["agent", "Find things"]]);
    const taskSignal = new AbortController().signal;
    await expect(tasks[0]?.run({ signal: taskSignal })).resolves.toEqual({ text: "background report" });
    expect(requests[0]).toMatchObject({ toolUseId: "b1", background: true, agentType: "general-purpose" });
    expect(requests[0]?.signal).toBe(taskSignal);

    const without = setup({ runSubagent });
    const [refused] = await without.run([call("b2", { run_in_background: true })]);
    expect(refused?.isError).toBe(true);
    expect(text(refused?.content)).toMatch(/Background agents are not available.*without run_in_background/);
    expect(requests).toHaveLength(1);
  });

  it("rejects an empty prompt and unknown fields", async () => {
    const { run } = setup({ runSubagent: async () => ({ text: "x" }) });
    const results = await run([call("e1", { prompt: " " }), call("e2", { isolation: "worktree" })]);
    expect(results.map((r) => r.isError)).toEqual([true, true]);
    expect(text(results[0]?.content)).toMatch(/prompt/);
    expect(text(results[1]?.content)).toMatch(/isolation/);
  });
});
