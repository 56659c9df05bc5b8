import { ToolRegistry } from "@keel/tools";
import { afterEach, describe, expect, it } from "vitest";
import { createBuiltinTools } from "../src/index.js";
import { cleanUpTasks, taskManager } from "./background-task-fixtures.js";

afterEach(cleanUpTasks);

function fields(registry: ToolRegistry) {
  return Object.fromEntries(
    registry
      .specs()
      .map((s) => [s.name, [s.inputSchema.required ?? [], Object.keys(s.inputSchema.properties as object)]]),
  );
}

describe("createBuiltinTools and background tasks", () => {
  it("adds TaskOutput and TaskStop, and Bash's run_in_background, only with a task manager", () => {
    const without = new ToolRegistry(createBuiltinTools({ env: {} }));
    expect(without.names()).not.toContain("TaskOutput");
    expect(without.names()).not.toContain("TaskStop");

    const registry = new ToolRegistry(createBuiltinTools({ env: {}, tasks: taskManager() }));
    const names = registry.names();
    expect(names.slice(names.indexOf("NotebookEdit"), names.indexOf("NotebookEdit") + 3)).toEqual([
      "NotebookEdit",
      "TaskOutput",
      "TaskStop",
    ]);
    expect(names).not.toContain("BashOutput");
    expect(fields(registry)).toMatchObject({
      Bash: [["command"], ["command", "timeout", "description", "run_in_background"]],
      TaskOutput: [["task_id"], ["task_id", "block", "timeout"]],
      TaskStop: [[], ["task_id", "shell_id"]],
    });
  });

  it("adds BashOutput and KillShell when asked for the old names", () => {
    const registry = new ToolRegistry(
      createBuiltinTools({ env: {}, tasks: taskManager(), legacyTaskToolNames: true }),
    );
    expect(fields(registry)).toMatchObject({
      BashOutput: [["bash_id"], ["bash_id", "filter"]],
      KillShell: [["shell_id"], ["shell_id"]],
    });
  });

  it("needs only the read level for the task tools", async () => {
    const tools = createBuiltinTools({ env: {}, tasks: taskManager(), legacyTaskToolNames: true });
    const ctx = { cwd: "/tmp" };
    for (const name of ["TaskOutput", "TaskStop", "BashOutput", "KillShell"]) {
      const tool = tools.find((t) => t.name === name)!;
      expect(await tool.requiredLevel?.({ task_id: "x", bash_id: "x", shell_id: "x" }, ctx)).toBe("read");
    }
    expect(tools.find((t) => t.name === "TaskOutput")?.readOnly).toBe(true);
  });
});
