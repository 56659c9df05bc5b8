import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  createBashTool,
  createKillShellTool,
  createTaskOutputTool,
  createTaskStopTool,
} from "../src/index.js";
import {
  backgroundTaskId,
  cleanUpTasks,
  processesInGroup,
  taskManager,
  until,
} from "./background-task-fixtures.js";
import { removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterEach(cleanUpTasks);
afterAll(removeWorkspaces);

const env = { PATH: process.env.PATH };

/** Starts a background command that first prints its process group, and waits until it has. */
async function startGroup(tasks: ReturnType<typeof taskManager>, command: string, killGraceMs = 300) {
  const bash = createBashTool({ env, tasks, killGraceMs });
  const ctx = toolContext(tempWorkspace());
  const id = backgroundTaskId(
    await bash.call({ command: `echo pgid=$$; ${command}`, run_in_background: true }, ctx),
  );
  const pgid = await until(() => {
    const m = /pgid=(\d+)/.exec(tasks.readNew(id, 1000).text);
    return m ? Number(m[1]) : undefined;
  });
  return { id, pgid, ctx };
}

describe("TaskStop", () => {
  it("kills a running command and its children (nothing left in its process group)", async () => {
    const tasks = taskManager();
    const { id, pgid, ctx } = await startGroup(tasks, "bash -c 'sleep 100 & sleep 100; wait'");
    // The shell, the inner bash and both sleeps.
    const before = await until(() => {
      const ps = processesInGroup(pgid);
      return ps.filter((p) => p.includes("sleep 100")).length >= 3 ? ps : undefined;
    });
    expect(before.length).toBeGreaterThanOrEqual(4);

    const out = await createTaskStopTool({ tasks }).call({ task_id: id }, ctx);
    expect(out.isError).toBeUndefined();
    expect(text(out.content)).toMatch(
      new RegExp(`^Task ${id} \\(command "echo pgid=\\$\\$; bash -c .*"\\): stopped`),
    );
    expect(processesInGroup(pgid)).toEqual([]);
    expect(tasks.get(id)?.status).toBe("killed");
    // Its result said so; no second notice for the model.
    expect(tasks.takeNotices()).toEqual([]);
  });

  it("SIGKILLs a process that ignores SIGTERM after the grace period", async () => {
    const tasks = taskManager();
    const { id, pgid, ctx } = await startGroup(
      tasks,
      `bash -c 'trap "" TERM; echo ready; sleep 100 & wait'`,
      200,
    );
    await until(() => processesInGroup(pgid).some((p) => p.includes("sleep 100")));
    await createTaskStopTool({ tasks }).call({ task_id: id }, ctx);
    expect(processesInGroup(pgid)).toEqual([]);
  });

  it("accepts shell_id and the old name KillShell; says when a task already finished or is unknown", async () => {
    const tasks = taskManager();
    const { id, pgid, ctx } = await startGroup(tasks, "sleep 100");
    const stop = createTaskStopTool({ tasks });
    expect(text((await stop.call({ shell_id: id }, ctx)).content)).toContain(`Task ${id} (command`);
    expect(processesInGroup(pgid)).toEqual([]);
    const again = await stop.call({ task_id: id }, ctx);
    expect(again.isError).toBeUndefined();
    expect(text(again.content)).toContain("It had already finished; nothing to stop.");

    const second = await startGroup(tasks, "sleep 100");
    const kill = createKillShellTool({ tasks });
    expect(kill.name).toBe("KillShell");
    expect(text((await kill.call({ shell_id: second.id }, ctx)).content)).toContain(": stopped");
    expect(processesInGroup(second.pgid)).toEqual([]);

    const unknown = await stop.call({ task_id: "b00000000" }, ctx);
    expect(unknown.isError).toBe(true);
    expect(text(unknown.content)).toContain(`No task with id "b00000000". Known tasks: ${id}, ${second.id}.`);
    const missing = await stop.call({}, ctx);
    expect(missing).toEqual({ content: "Invalid input for TaskStop: task_id is required.", isError: true });
  });
});

describe("TaskManager.shutdown with background commands", () => {
  it("kills every remaining command and its children", async () => {
    const tasks = taskManager();
    const a = await startGroup(tasks, "sleep 100 & sleep 100");
    const b = await startGroup(tasks, `bash -c 'trap "" TERM; sleep 100'`, 200);
    const finished = await startGroup(tasks, "true");
    await until(() => processesInGroup(b.pgid).some((p) => p.includes("sleep 100")));
    await tasks.wait(finished.id, { timeoutMs: 30_000 });
    expect(processesInGroup(a.pgid).length).toBeGreaterThan(0);

    await tasks.shutdown();
    expect(processesInGroup(a.pgid)).toEqual([]);
    expect(processesInGroup(b.pgid)).toEqual([]);
    expect(tasks.list().map((t) => t.status)).toEqual(["killed", "killed", "completed"]);
    // TaskOutput still reads what they left.
    const out = await createTaskOutputTool({ tasks }).call({ task_id: a.id }, a.ctx);
    expect(text(out.content)).toContain(
      `Task ${a.id} (command "echo pgid=$$; sleep 100 & sleep 100"): stopped`,
    );
  });
});
