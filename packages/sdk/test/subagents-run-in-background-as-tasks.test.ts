import { join } from "node:path";
import { createModePolicy } from "@keel/permissions";
import type { AgentEvent } from "@keel/protocol";
import { ProviderError, ScriptedProvider } from "@keel/provider";
import { TaskManager } from "@keel/tasks";
import { ToolRegistry, ToolRunner } from "@keel/tools";
import { createAgentTool, createBuiltinTools } from "@keel/tools-builtin";
import { afterAll, describe, expect, it } from "vitest";
import { agentTypeInfos } from "../src/agents/agent-definition.js";
import { BUILTIN_AGENTS } from "../src/agents/builtin-agents.js";
import { backgroundSubagentStarter } from "../src/subagents/background-subagents.js";
import { createSubagentRunner } from "../src/subagents/create-subagent-runner.js";
import { promptOf, removeTempDirs, tempDir, textOf } from "./subagent-fixtures.js";

afterAll(removeTempDirs);

describe("Agent with run_in_background", () => {
  it("returns a task id at once; the report becomes the task's output and notice; a failed agent fails the task", async () => {
    const ws = tempDir("keel-bg-ws-");
    const tasks = new TaskManager({ outputDir: join(tempDir("keel-bg-out-"), "tasks") });
    const events: AgentEvent[] = [];
    let releaseModel!: () => void;
    const modelMayAnswer = new Promise<void>((r) => {
      releaseModel = r;
    });
    const inner = new ScriptedProvider((request) =>
      promptOf(request) === "fail please"
        ? { error: new ProviderError({ kind: "invalid_request", retryable: false, message: "bad request" }) }
        : { content: [{ type: "text", text: "background report: all good" }] },
    );
    const provider = {
      id: "held",
      async *stream(...args: Parameters<ScriptedProvider["stream"]>) {
        await modelMayAnswer;
        yield* inner.stream(...args);
      },
    };
    const policy = createModePolicy({ mode: "default", workspace: ws });
    const runSubagent = createSubagentRunner({
      definitions: BUILTIN_AGENTS,
      provider,
      model: "claude-sonnet-5-5",
      policy,
      createTools: () => createBuiltinTools({ env: {} }),
      parentSessionId: "parent",
      onEvent: (e) => events.push(e),
      cwd: ws,
    });
    const tool = createAgentTool({
      runSubagent,
      agentTypes: agentTypeInfos(BUILTIN_AGENTS),
      startBackground: backgroundSubagentStarter(tasks),
    });
    const runner = new ToolRunner({ registry: new ToolRegistry([tool]), policy });
    const [started] = await runner.run(
      [
        {
          type: "tool_use",
          id: "bg_1",
          name: "Agent",
          input: {
            description: "Check in background",
            prompt: "check it",
            subagent_type: "Explore",
            run_in_background: true,
          },
        },
      ],
      { cwd: ws, signal: new AbortController().signal, emit: () => {} },
    );
    // The call answered while the sub-agent's model was still held.
    expect(started?.isError).toBe(false);
    const taskId = /as task (\S+)\./.exec(textOf(started?.content))?.[1] ?? "";
    expect(tasks.get(taskId)).toMatchObject({
      kind: "agent",
      status: "running",
      description: "Check in background",
    });

    releaseModel();
    const done = await tasks.wait(taskId, { timeoutMs: 10_000 });
    expect(done.status).toBe("completed");
    expect(tasks.readNew(taskId, 10_000).text).toBe("background report: all good\n");
    expect(tasks.takeNotices().join("\n")).toMatch(
      /Background agent task .* completed\.[\s\S]*background report: all good/,
    );
    expect(events.filter((e) => e.parentToolUseId === "bg_1").map((e) => e.type)).toContain("result");

    // A sub-agent whose model call fails: the task fails, naming why.
    const failingId = await backgroundSubagentStarter(tasks)({
      kind: "agent",
      description: "fails",
      run: ({ signal }) =>
        runSubagent({
          toolUseId: "bg_2",
          description: "fails",
          prompt: "fail please",
          agentType: "Explore",
          signal,
        }),
    });
    const failed = await tasks.wait(failingId, { timeoutMs: 10_000 });
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^The Explore agent did not finish: .*bad request/);
    await tasks.shutdown();
  });
});
