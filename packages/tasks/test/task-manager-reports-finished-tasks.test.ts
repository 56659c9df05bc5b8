import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TaskError, TaskManager, type TaskNotice } from "../src/index.js";
import { deferred, outputDir, removeOutputDirs } from "./output-dir.js";

afterAll(removeOutputDirs);

describe("TaskManager reports finished tasks", () => {
  it("runs a task to completion: output file, notice queued once, onNotice payload", async () => {
    const events: TaskNotice[] = [];
    const dir = outputDir();
    const tasks = new TaskManager({ outputDir: dir, onNotice: (n) => events.push(n) });
    const gate = deferred();
    const started = tasks.start({
      kind: "agent",
      description: "summarize the repo",
      run: async ({ write }) => {
        write("hello ");
        await gate.promise;
        write(Buffer.from("world\n"));
        return {};
      },
    });
    expect(started.status).toBe("running");
    expect(started.outputPath).toBe(`${dir}/${started.id}.output`);
    expect(statSync(started.outputPath).mode & 0o777).toBe(0o600);
    expect(tasks.hasRunning()).toBe(true);
    expect(tasks.takeNotices()).toEqual([]);

    gate.resolve();
    const done = await tasks.wait(started.id, { timeoutMs: 5000 });
    expect(done).toMatchObject({ status: "completed", outputBytes: 12 });
    expect(readFileSync(started.outputPath, "utf8")).toBe("hello world\n");
    expect(tasks.hasRunning()).toBe(false);

    const notices = tasks.takeNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`agent task ${started.id} ("summarize the repo") completed`);
    expect(notices[0]).toContain(`Output file: ${started.outputPath}`);
    expect(notices[0]).toContain("hello world");
    expect(tasks.takeNotices()).toEqual([]);
    expect(events).toEqual([
      {
        taskId: started.id,
        kind: "agent",
        status: "completed",
        description: "summarize the repo",
        notice: notices[0],
      },
    ]);
  });

  it("marks a non-zero exit, a stray signal or a throw as failed", async () => {
    const tasks = new TaskManager({ outputDir: outputDir() });
    const exit = tasks.start({ kind: "bash", description: "false", run: async () => ({ exitCode: 2 }) });
    const signal = tasks.start({
      kind: "bash",
      description: "segv",
      run: async () => ({ exitCode: null, signal: "SIGSEGV" }),
    });
    const thrown = tasks.start({
      kind: "agent",
      description: "boom",
      run: () => {
        throw new Error("model unreachable");
      },
    });
    expect(await tasks.wait(exit.id, { timeoutMs: 5000 })).toMatchObject({ status: "failed", exitCode: 2 });
    expect(await tasks.wait(signal.id, { timeoutMs: 5000 })).toMatchObject({
      status: "failed",
      error: "killed by signal SIGSEGV",
    });
    expect(await tasks.wait(thrown.id, { timeoutMs: 5000 })).toMatchObject({
      status: "failed",
      error: "model unreachable",
    });
    const notices = tasks.takeNotices().join("\n");
    expect(notices).toContain(`${exit.id} ("false") failed (exit code 2)`);
    expect(notices).toContain(`${thrown.id} ("boom") failed: model unreachable`);
    expect(notices).toContain("It produced no output.");
  });

  it("keeps registered tasks pending until run, and lists them oldest first", async () => {
    const tasks = new TaskManager({ outputDir: outputDir() });
    let ran = false;
    const a = tasks.register({
      kind: "bash",
      description: "a",
      run: async () => {
        ran = true;
        return { exitCode: 0 };
      },
    });
    const b = tasks.register({ kind: "agent", description: "b", run: async () => ({}) });
    expect(a.id).toMatch(/^b[0-9a-f]{8}$/);
    expect(b.id).toMatch(/^a[0-9a-f]{8}$/);
    expect(tasks.list().map((t) => [t.id, t.status])).toEqual([
      [a.id, "pending"],
      [b.id, "pending"],
    ]);
    expect(tasks.hasRunning()).toBe(false);
    expect(ran).toBe(false);

    tasks.run(a.id);
    expect(() => tasks.run(a.id)).toThrow(/only a pending task can be started/);
    expect(await tasks.wait(a.id, { timeoutMs: 5000 })).toMatchObject({ status: "completed", exitCode: 0 });
    expect(ran).toBe(true);

    expect(await tasks.cancel(b.id)).toMatchObject({ status: "killed", error: "stopped before it started" });
  });

  it("names the known tasks when an id is unknown", () => {
    const tasks = new TaskManager({ outputDir: outputDir() });
    expect(() => tasks.readNew("nope", 100)).toThrow('No task with id "nope". There are no tasks.');
    const t = tasks.start({ kind: "bash", description: "x", run: () => new Promise(() => {}) });
    try {
      tasks.readNew("nope", 100);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TaskError);
      expect((error as TaskError).kind).toBe("unknown_task");
      expect((error as TaskError).message).toContain(`Known tasks: ${t.id}.`);
    }
    expect(tasks.get("nope")).toBeUndefined();
  });

  it("refuses tasks beyond the active limit, and again accepts them once one ends", async () => {
    const tasks = new TaskManager({ outputDir: outputDir(), maxActiveTasks: 2 });
    const gate = deferred();
    const first = tasks.start({
      kind: "bash",
      description: "1",
      run: async () => {
        await gate.promise;
        return {};
      },
    });
    tasks.start({ kind: "bash", description: "2", run: () => new Promise(() => {}) });
    expect(() => tasks.start({ kind: "bash", description: "3", run: async () => ({}) })).toThrow(
      "Too many background tasks: 2 are running (the limit is 2)",
    );
    gate.resolve();
    await tasks.wait(first.id, { timeoutMs: 5000 });
    expect(tasks.start({ kind: "bash", description: "3", run: async () => ({}) }).status).toBe("running");
  });

  it("says when the output file cannot be created", () => {
    const file = join(outputDir(), "a-file");
    writeFileSync(file, "");
    const tasks = new TaskManager({ outputDir: join(file, "tasks") });
    try {
      tasks.start({ kind: "bash", description: "x", run: async () => ({}) });
      expect.unreachable();
    } catch (error) {
      expect((error as TaskError).kind).toBe("output_unavailable");
      expect((error as TaskError).message).toMatch(
        /^Cannot create the task output file .*\/a-file\/tasks\/b[0-9a-f]{8}\.output: ENOTDIR/,
      );
    }
    expect(tasks.list()).toEqual([]);
  });

  it("forgets the oldest finished tasks beyond the limit", async () => {
    const tasks = new TaskManager({ outputDir: outputDir(), maxFinishedTasks: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = tasks.start({ kind: "bash", description: String(i), run: async () => ({}) });
      await tasks.wait(t.id, { timeoutMs: 5000 });
      ids.push(t.id);
    }
    expect(tasks.list().map((t) => t.id)).toEqual(ids.slice(2));
    expect(tasks.takeNotices()).toHaveLength(4);
  });

  it("bounds the notice queue and says how many were dropped", async () => {
    const tasks = new TaskManager({ outputDir: outputDir(), maxQueuedNotices: 2 });
    for (let i = 0; i < 5; i++) {
      const t = tasks.start({ kind: "bash", description: `job ${i}`, run: async () => ({}) });
      await tasks.wait(t.id, { timeoutMs: 5000 });
    }
    const notices = tasks.takeNotices();
    expect(notices).toHaveLength(3);
    expect(notices[0]).toContain("3 earlier task notices were dropped");
    expect(notices[1]).toContain('"job 3"');
    expect(notices[2]).toContain('"job 4"');
  });
});
