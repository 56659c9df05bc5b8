import { afterAll, describe, expect, it } from "vitest";
import { TaskManager, type TaskNotice } from "../src/index.js";
import { deferred, outputDir, removeOutputDirs } from "./output-dir.js";

afterAll(removeOutputDirs);

/** A task that ends when its signal aborts, like a well-behaved process wrapper. */
function untilAborted(log: string[] = []) {
  return async ({ signal, write }: { signal: AbortSignal; write: (s: string) => void }) => {
    write("started\n");
    await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    log.push("aborted");
    return { exitCode: null, signal: "SIGTERM" };
  };
}

describe("TaskManager cancels and shuts down", () => {
  it("cancel aborts the task, waits for it and marks it killed", async () => {
    const events: TaskNotice[] = [];
    const tasks = new TaskManager({ outputDir: outputDir(), onNotice: (n) => events.push(n) });
    const log: string[] = [];
    const task = tasks.start({ kind: "bash", description: "server", run: untilAborted(log) });
    const stopped = await tasks.cancel(task.id);
    expect(log).toEqual(["aborted"]);
    expect(stopped.status).toBe("killed");
    expect(tasks.takeNotices()[0]).toContain(`task ${task.id} ("server") was stopped`);
    expect(events.map((e) => e.status)).toEqual(["killed"]);
    // Cancelling a finished task changes nothing.
    expect(await tasks.cancel(task.id)).toEqual(stopped);
  });

  it("a silent cancel queues no notice for the model but still reports the event", async () => {
    const events: TaskNotice[] = [];
    const tasks = new TaskManager({ outputDir: outputDir(), onNotice: (n) => events.push(n) });
    const task = tasks.start({ kind: "bash", description: "watch", run: untilAborted() });
    await tasks.cancel(task.id, { silent: true });
    expect(tasks.takeNotices()).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it("marks a task that ignores its signal killed after the cancel timeout", async () => {
    const tasks = new TaskManager({ outputDir: outputDir(), cancelTimeoutMs: 50 });
    const never = deferred<{ exitCode: number }>();
    let write: (s: string) => void = () => {};
    const task = tasks.start({
      kind: "agent",
      description: "stubborn",
      run: (ctx) => {
        write = ctx.write;
        return never.promise;
      },
    });
    const stopped = await tasks.cancel(task.id);
    expect(stopped.status).toBe("killed");
    expect(stopped.error).toContain("did not stop within 50 ms");
    write("late output");
    never.resolve({ exitCode: 0 });
    await new Promise((r) => setTimeout(r, 10));
    expect(tasks.get(task.id)).toMatchObject({ status: "killed", outputBytes: 0 });
  });

  it("shutdown cancels every unfinished task without notices and refuses new ones", async () => {
    const events: TaskNotice[] = [];
    const tasks = new TaskManager({ outputDir: outputDir(), onNotice: (n) => events.push(n) });
    const log: string[] = [];
    tasks.start({ kind: "bash", description: "one", run: untilAborted(log) });
    tasks.start({ kind: "agent", description: "two", run: untilAborted(log) });
    const pending = tasks.register({ kind: "bash", description: "three", run: untilAborted(log) });
    await tasks.shutdown();
    expect(log).toEqual(["aborted", "aborted"]);
    expect(tasks.list().map((t) => t.status)).toEqual(["killed", "killed", "killed"]);
    expect(tasks.hasRunning()).toBe(false);
    expect(tasks.takeNotices()).toEqual([]);
    expect(events).toEqual([]);
    expect(() => tasks.run(pending.id)).toThrow(/only a pending task/);
    expect(() => tasks.start({ kind: "bash", description: "four", run: untilAborted() })).toThrow(
      "The task manager has shut down",
    );
    await tasks.shutdown();
  });

  it("waitForAny resolves on the first notice, at once when one is queued, false when nothing runs", async () => {
    const tasks = new TaskManager({ outputDir: outputDir() });
    expect(await tasks.waitForAny(60_000)).toBe(false);

    const gate = deferred();
    const task = tasks.start({
      kind: "bash",
      description: "build",
      run: async () => {
        await gate.promise;
        return {};
      },
    });
    expect(await tasks.waitForAny(20)).toBe(false); // timeout: still running
    const waiting = tasks.waitForAny(60_000);
    gate.resolve();
    expect(await waiting).toBe(true);
    expect(await tasks.waitForAny(60_000)).toBe(true); // queued already
    expect(tasks.takeNotices()[0]).toContain(task.id);

    const aborter = new AbortController();
    tasks.start({ kind: "bash", description: "long", run: untilAborted() });
    const aborted = tasks.waitForAny(60_000, aborter.signal);
    aborter.abort();
    expect(await aborted).toBe(false);

    // The last running task stopped silently: nothing will come, so the waiter is released.
    const [long] = tasks.list().filter((t) => t.status === "running");
    const released = tasks.waitForAny(60_000);
    await tasks.cancel(long!.id, { silent: true });
    expect(await released).toBe(false);
  });
});
