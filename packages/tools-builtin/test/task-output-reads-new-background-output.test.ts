import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createBashOutputTool, createBashTool, createTaskOutputTool } from "../src/index.js";
import { backgroundTaskId, cleanUpTasks, taskManager, until } from "./background-task-fixtures.js";
import { removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterEach(cleanUpTasks);
afterAll(removeWorkspaces);

const env = { PATH: process.env.PATH };

async function background(tasks: ReturnType<typeof taskManager>, command: string, ws = tempWorkspace()) {
  const bash = createBashTool({ env, tasks, killGraceMs: 200 });
  const ctx = toolContext(ws);
  return { id: backgroundTaskId(await bash.call({ command, run_in_background: true }, ctx)), ctx };
}

describe("TaskOutput", () => {
  it("blocks until the task finishes by default, then shows its status and output", async () => {
    const tasks = taskManager();
    const { id, ctx } = await background(tasks, "sleep 0.3; echo hi; exit 4");
    const out = await createTaskOutputTool({ tasks }).call({ task_id: id }, ctx);
    expect(out.isError).toBeUndefined();
    const body = text(out.content);
    expect(body).toContain(`Task ${id} (command "sleep 0.3; echo hi; exit 4"): failed, exit code 4.`);
    expect(body).toContain("New output:\nhi\n");
    expect(body).toContain(`Output file: ${tasks.get(id)!.outputPath}`);
  });

  it("gives up waiting after timeout, and returns at once with block: false", async () => {
    const tasks = taskManager();
    const { id, ctx } = await background(tasks, "sleep 100");
    const tool = createTaskOutputTool({ tasks });
    const waited = text((await tool.call({ task_id: id, timeout: 150 }, ctx)).content);
    expect(waited).toContain(`Task ${id} (command "sleep 100"): running.`);
    expect(waited).toContain("Still running after waiting 150 ms");
    expect(waited).toContain("No new output.");
    const now = text((await tool.call({ task_id: id, block: false }, ctx)).content);
    expect(now).toContain(": running.");
    expect(now).not.toContain("Still running after waiting");
  });

  it("stops waiting when the call is interrupted", async () => {
    const tasks = taskManager();
    const { id } = await background(tasks, "sleep 100");
    const abort = new AbortController();
    const pending = createTaskOutputTool({ tasks }).call(
      { task_id: id, timeout: 600_000 },
      toolContext(tempWorkspace(), abort.signal),
    );
    abort.abort();
    expect(text((await pending).content)).toContain(": running.");
  });

  it("returns only the output produced since the previous read", async () => {
    const tasks = taskManager();
    const ws = tempWorkspace();
    const { id, ctx } = await background(
      tasks,
      "echo one; until [ -f go ]; do sleep 0.02; done; echo two",
      ws,
    );
    const tool = createTaskOutputTool({ tasks });
    await until(() => (tasks.get(id)?.outputBytes ?? 0) > 0);
    const one = text((await tool.call({ task_id: id, block: false }, ctx)).content);
    expect(one).toContain("New output:\none\n");
    writeFileSync(join(ws, "go"), "");
    const two = text((await tool.call({ task_id: id }, ctx)).content);
    expect(two).toContain(": completed, exit code 0.");
    expect(two.split("New output:\n")[1]).toBe(`two\nOutput file: ${tasks.get(id)!.outputPath}`);
    expect(text((await tool.call({ task_id: id }, ctx)).content)).toContain("No new output.");
  });

  it("bounds the output it returns and points to the file for the rest", async () => {
    const tasks = taskManager();
    const { id, ctx } = await background(tasks, "seq 1 20000");
    const body = text(
      (await createTaskOutputTool({ tasks, maxOutputBytes: 1000 }).call({ task_id: id }, ctx)).content,
    );
    const outputPath = tasks.get(id)!.outputPath;
    expect(body).toContain(`earlier bytes of new output omitted; they are in ${outputPath}`);
    expect(body).toMatch(/\n19999\n20000\nOutput file:/);
    expect(body.length).toBeLessThan(1500);
    const omitted = Number(/\[… (\d+) earlier bytes/.exec(body)?.[1]);
    expect(omitted + 1000).toBe(tasks.get(id)!.outputBytes);
  });

  it("names the known tasks for an unknown id", async () => {
    const tasks = taskManager();
    const out = await createTaskOutputTool({ tasks }).call({ task_id: "nope" }, toolContext(tempWorkspace()));
    expect(out).toEqual({ content: 'No task with id "nope". There are no tasks.', isError: true });
  });
});

describe("BashOutput (the old name)", () => {
  it("reads without waiting and keeps only lines matching filter", async () => {
    const tasks = taskManager();
    const { id, ctx } = await background(tasks, "printf 'ok 1\\nerror: bad\\nok 2\\n'");
    await tasks.wait(id, { timeoutMs: 30_000 });
    const tool = createBashOutputTool({ tasks });
    expect(tool.name).toBe("BashOutput");
    const bad = await tool.call({ bash_id: id, filter: "(" }, ctx);
    expect(bad.isError).toBe(true);
    expect(text(bad.content)).toContain("Invalid filter");
    const out = text((await tool.call({ bash_id: id, filter: "^ok" }, ctx)).content);
    expect(out.split("New output:\n")[1]).toBe(`ok 1\nok 2\nOutput file: ${tasks.get(id)!.outputPath}`);
    // Filtered-out lines were consumed too.
    expect(text((await tool.call({ bash_id: id }, ctx)).content)).toContain("No new output.");
  });
});
