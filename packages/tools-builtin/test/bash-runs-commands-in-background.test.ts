import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createBashTool } from "../src/index.js";
import {
  absentProtectedPathsIn,
  BubblewrapSandbox,
  probeBubblewrap,
  protectedPathsIn,
} from "../src/sandbox/bubblewrap-sandbox.js";
import { backgroundTaskId, cleanUpTasks, taskManager } from "./background-task-fixtures.js";
import { removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterEach(cleanUpTasks);
afterAll(removeWorkspaces);

const env = { PATH: process.env.PATH, HOME: process.env.HOME, DEMO_API_KEY: "sk-secret" };

describe("Bash run_in_background", () => {
  it("returns at once, then a notice says the command finished, with its output in the file", async () => {
    const tasks = taskManager();
    const bash = createBashTool({ env, tasks });
    const out = await bash.call(
      { command: "sleep 2 && echo done", run_in_background: true },
      toolContext(tempWorkspace()),
    );
    expect(out.isError).toBeUndefined();
    const id = backgroundTaskId(out);
    expect(text(out.content)).toContain(`TaskOutput {"task_id": "${id}"}`);
    expect(tasks.get(id)?.status).toBe("running");
    expect(tasks.takeNotices()).toEqual([]);

    expect(await tasks.waitForAny(30_000)).toBe(true);
    const task = tasks.get(id)!;
    expect(task).toMatchObject({
      kind: "bash",
      description: "sleep 2 && echo done",
      status: "completed",
      exitCode: 0,
    });
    expect(readFileSync(task.outputPath, "utf8")).toBe("done\n");
    const notices = tasks.takeNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`command task ${id} ("sleep 2 && echo done") completed (exit code 0)`);
    expect(notices[0]).toContain("Last output:\ndone");
    expect(tasks.takeNotices()).toEqual([]);
  });

  it("runs in the shell's working directory without changing it, with secrets removed", async () => {
    const ws = tempWorkspace();
    mkdirSync(join(ws, "sub"));
    const tasks = taskManager();
    const bash = createBashTool({ env, tasks });
    const ctx = toolContext(ws);
    await bash.call({ command: "cd sub" }, ctx);
    const out = await bash.call(
      {
        command: 'pwd; echo "key=$DEMO_API_KEY"; cd ..; exit 3',
        run_in_background: true,
        description: "where am i",
      },
      ctx,
    );
    const id = backgroundTaskId(out);
    const task = await tasks.wait(id, { timeoutMs: 30_000 });
    expect(task).toMatchObject({ status: "failed", exitCode: 3, description: "where am i" });
    expect(readFileSync(task.outputPath, "utf8")).toBe(`${join(ws, "sub")}\nkey=\n`);
    expect(text((await bash.call({ command: "pwd" }, ctx)).content)).toBe(join(ws, "sub"));
    expect(tasks.takeNotices()[0]).toContain("failed (exit code 3)");
  });

  it("without a task manager, tells the model background commands are unavailable", async () => {
    const bash = createBashTool({ env });
    const out = await bash.call(
      { command: "sleep 1", run_in_background: true },
      toolContext(tempWorkspace()),
    );
    expect(out.isError).toBe(true);
    expect(text(out.content)).toContain("Background commands are not available in this session");
    expect(bash.description).not.toContain("run_in_background");
    expect(createBashTool({ env, tasks: taskManager() }).description).toContain("run_in_background: true");
  });

  it("reports the task limit as an error result", async () => {
    const tasks = taskManager({ maxActiveTasks: 1 });
    const bash = createBashTool({ env, tasks, killGraceMs: 200 });
    const ctx = toolContext(tempWorkspace());
    expect((await bash.call({ command: "sleep 100", run_in_background: true }, ctx)).isError).toBeUndefined();
    const second = await bash.call({ command: "sleep 100", run_in_background: true }, ctx);
    expect(second.isError).toBe(true);
    expect(text(second.content)).toContain("Too many background tasks: 1 are running (the limit is 1)");
  });
});

const probe = probeBubblewrap();
describe.skipIf(!probe.available)("Bash run_in_background in the sandbox", () => {
  it("confines the background command like a foreground one", async () => {
    const ws = tempWorkspace();
    const outside = tempWorkspace("keel-bg-outside-");
    const tasks = taskManager();
    const bash = createBashTool({
      env,
      tasks,
      sandbox: {
        sandbox: new BubblewrapSandbox(),
        policy: () => ({
          writableRoots: [ws],
          readOnlyPaths: protectedPathsIn([ws]),
          hiddenPaths: [],
          absentProtectedPaths: absentProtectedPathsIn([ws]),
          allowNetwork: false,
        }),
      },
    });
    const out = await bash.call(
      {
        command: `echo in > inside.txt; echo out > ${outside}/x.txt || echo refused`,
        run_in_background: true,
      },
      toolContext(ws),
    );
    const task = await tasks.wait(backgroundTaskId(out), { timeoutMs: 30_000 });
    expect(readFileSync(join(ws, "inside.txt"), "utf8")).toBe("in\n");
    expect(readFileSync(task.outputPath, "utf8")).toContain("refused");
    expect(() => readFileSync(join(outside, "x.txt"))).toThrow();
  });
});
