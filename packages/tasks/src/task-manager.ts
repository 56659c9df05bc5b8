import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { clampDelay, raceDone } from "./race-done.js";
import type {
  FinishedTaskStatus,
  TaskInfo,
  TaskNotice,
  TaskOutputRead,
  TaskRunResult,
  TaskSpec,
} from "./task.js";
import { TaskError } from "./task-error.js";
import { formatTaskNotice } from "./task-notice.js";
import { outcomeOf, type TaskOutcome } from "./task-outcome.js";
import { TaskOutputBuffer } from "./task-output-buffer.js";

export interface TaskManagerOptions {
  /** Where output files go (`<id>.output`); created if missing. Usually the session's blob folder. */
  outputDir: string;
  /** Pending + running tasks at most; `register` refuses more. Default 10. */
  maxActiveTasks?: number;
  /** Each output file's cap. Default 32 MiB. */
  maxOutputFileBytes?: number;
  /** Newest output kept in memory per task. Default 64 KiB. */
  tailBytes?: number;
  /** Finished tasks remembered (oldest forgotten first; their files stay). Default 100. */
  maxFinishedTasks?: number;
  /** After cancelling, how long a task function gets to settle before it is marked killed anyway. Default 10000 ms. */
  cancelTimeoutMs?: number;
  /** Notices waiting for `takeNotices` at most; older ones are dropped with a count. Default 50. */
  maxQueuedNotices?: number;
  /**
   * Called when a task finishes (not during `shutdown`), with the `task_notice` event payload.
   * Must not throw (a throw is ignored).
   */
  onNotice?: (notice: TaskNotice) => void;
}

interface Entry {
  info: TaskInfo;
  spec: TaskSpec;
  output: TaskOutputBuffer;
  controller: AbortController;
  /** Where the next `readNew` starts. */
  cursor: number;
  finished: boolean;
  /** No notice for the model (whoever cancelled it reports the outcome). */
  silent: boolean;
  done: Promise<void>;
  markDone: () => void;
}

/** Wakes `waitForAny` callers. */
type Waiter = () => void;

const MAX_IDS_IN_ERROR = 10;

/**
 * Background work with a lifecycle: each task runs a function given a signal and a `write`,
 * its output goes to a file (bounded) with the newest part in memory, and when it finishes a
 * short notice is queued for the model (`takeNotices`) and reported (`onNotice`).
 */
export class TaskManager {
  readonly #outputDir: string;
  readonly #maxActive: number;
  readonly #maxFileBytes: number;
  readonly #tailBytes: number;
  readonly #maxFinished: number;
  readonly #cancelTimeoutMs: number;
  readonly #maxQueued: number;
  readonly #onNotice: ((notice: TaskNotice) => void) | undefined;
  readonly #tasks = new Map<string, Entry>();
  #notices: string[] = [];
  #droppedNotices = 0;
  #waiters = new Set<Waiter>();
  #closed = false;

  constructor(options: TaskManagerOptions) {
    this.#outputDir = options.outputDir;
    this.#maxActive = options.maxActiveTasks ?? 10;
    this.#maxFileBytes = options.maxOutputFileBytes ?? 32 * 1024 * 1024;
    this.#tailBytes = options.tailBytes ?? 64 * 1024;
    this.#maxFinished = options.maxFinishedTasks ?? 100;
    this.#cancelTimeoutMs = options.cancelTimeoutMs ?? 10_000;
    this.#maxQueued = options.maxQueuedNotices ?? 50;
    this.#onNotice = options.onNotice;
  }

  /** Adds a task in `pending` state and creates its output file. Throws TaskError. */
  register(spec: TaskSpec): TaskInfo {
    if (this.#closed)
      throw new TaskError(
        "closed",
        "The task manager has shut down (the session ended); no new tasks can start.",
      );
    const active = [...this.#tasks.values()].filter((e) => !e.finished).length;
    if (active >= this.#maxActive) {
      throw new TaskError(
        "too_many_tasks",
        `Too many background tasks: ${active} are running (the limit is ${this.#maxActive}). Wait for one to finish or stop one with TaskStop.`,
      );
    }
    const id = this.#newId(spec.kind);
    const output = new TaskOutputBuffer({
      path: join(this.#outputDir, `${id}.output`),
      maxFileBytes: this.#maxFileBytes,
      tailBytes: this.#tailBytes,
    });
    try {
      mkdirSync(this.#outputDir, { recursive: true, mode: 0o700 });
      output.open();
    } catch (error) {
      throw new TaskError(
        "output_unavailable",
        `Cannot create the task output file ${output.path}: ${error instanceof Error ? error.message : String(error)}. Check that the directory is writable.`,
      );
    }
    let markDone = () => {};
    const done = new Promise<void>((resolve) => {
      markDone = resolve;
    });
    const entry: Entry = {
      info: {
        id,
        kind: spec.kind,
        description: spec.description,
        status: "pending",
        outputPath: output.path,
        outputBytes: 0,
        createdAt: Date.now(),
      },
      spec,
      output,
      controller: new AbortController(),
      cursor: 0,
      finished: false,
      silent: false,
      done,
      markDone,
    };
    this.#tasks.set(id, entry);
    return this.#snapshot(entry);
  }

  /** Starts a pending task. Throws TaskError (unknown id, not pending). */
  run(id: string): TaskInfo {
    const entry = this.#entry(id);
    if (entry.info.status !== "pending") {
      throw new TaskError(
        "not_pending",
        `Task ${id} is ${entry.info.status}; only a pending task can be started.`,
      );
    }
    entry.info.status = "running";
    entry.info.startedAt = Date.now();
    const signal = entry.controller.signal;
    let work: Promise<TaskRunResult>;
    try {
      work = entry.spec.run({
        taskId: id,
        signal,
        outputPath: entry.output.path,
        write: (chunk) => {
          if (!entry.finished) entry.output.write(chunk);
        },
      });
    } catch (error) {
      work = Promise.reject(error);
    }
    work.then(
      (result) => this.#settle(entry, outcomeOf(result, signal.aborted)),
      (error: unknown) =>
        this.#settle(entry, {
          status: signal.aborted ? "killed" : "failed",
          error: error instanceof Error ? error.message : String(error),
        }),
    );
    return this.#snapshot(entry);
  }

  /** `register` then `run`. */
  start(spec: TaskSpec): TaskInfo {
    return this.run(this.register(spec).id);
  }

  get(id: string): TaskInfo | undefined {
    const entry = this.#tasks.get(id);
    return entry === undefined ? undefined : this.#snapshot(entry);
  }

  /** Every remembered task, oldest first. */
  list(): TaskInfo[] {
    return [...this.#tasks.values()].map((e) => this.#snapshot(e));
  }

  /** Whether any task is running (print mode waits for them before ending). */
  hasRunning(): boolean {
    for (const entry of this.#tasks.values()) if (entry.info.status === "running") return true;
    return false;
  }

  /**
   * Output produced since the previous `readNew` of this task (the first read starts at the
   * beginning), at most the newest `maxBytes` of it. Throws TaskError for an unknown id.
   */
  readNew(id: string, maxBytes: number): TaskOutputRead {
    const entry = this.#entry(id);
    const read = entry.output.read(entry.cursor, maxBytes);
    entry.cursor = read.next;
    return { task: this.#snapshot(entry), text: read.text, omittedBytes: read.omittedBytes };
  }

  /** Resolves when the task has finished, or after `timeoutMs`, or on abort; with its state then. */
  async wait(id: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<TaskInfo> {
    const entry = this.#entry(id);
    if (!entry.finished) await raceDone(entry.done, options.timeoutMs, options.signal);
    return this.#snapshot(entry);
  }

  /**
   * Stops a task: aborts its signal and waits for its function to settle (at most
   * `cancelTimeoutMs`; then it is marked killed anyway and its later output ignored). A pending
   * task is killed without running; a finished one is returned as it is. `silent`: queue no
   * notice for the model (the caller reports the outcome); `onNotice` is still called.
   */
  async cancel(id: string, options: { silent?: boolean } = {}): Promise<TaskInfo> {
    const entry = this.#entry(id);
    if (entry.finished) return this.#snapshot(entry);
    if (options.silent === true) entry.silent = true;
    if (entry.info.status === "pending") {
      this.#settle(entry, { status: "killed", error: "stopped before it started" });
      return this.#snapshot(entry);
    }
    entry.controller.abort();
    const settled = await raceDone(entry.done, this.#cancelTimeoutMs);
    if (!settled) {
      this.#settle(entry, {
        status: "killed",
        error: `did not stop within ${this.#cancelTimeoutMs} ms of being cancelled; its later output is ignored`,
      });
    }
    return this.#snapshot(entry);
  }

  /** Queued notices, oldest first; the queue is emptied. The loop calls this before each model request. */
  takeNotices(): string[] {
    const notices = this.#notices;
    this.#notices = [];
    if (this.#droppedNotices > 0) {
      notices.unshift(
        `<task-notification>\n${this.#droppedNotices} earlier task notices were dropped (too many queued); TaskOutput reads any task's state.\n</task-notification>`,
      );
      this.#droppedNotices = 0;
    }
    return notices;
  }

  /**
   * Resolves `true` as soon as a notice is queued (at once if one already is), `false` when
   * nothing is running and nothing is queued, on timeout, or on abort.
   */
  waitForAny(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.#notices.length > 0 || this.#droppedNotices > 0) return Promise.resolve(true);
    if (!this.hasRunning() || signal?.aborted === true) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (value: boolean) => {
        this.#waiters.delete(waiter);
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve(value);
      };
      const waiter: Waiter = () => {
        if (this.#notices.length > 0) finish(true);
        else if (!this.hasRunning()) finish(false);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), clampDelay(timeoutMs));
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  /**
   * Ends the manager: no new tasks; every unfinished task is cancelled and awaited (bounded by
   * `cancelTimeoutMs`). No notices are queued or reported. Safe to call more than once.
   */
  async shutdown(): Promise<void> {
    this.#closed = true;
    const unfinished = [...this.#tasks.values()].filter((e) => !e.finished);
    await Promise.all(unfinished.map((e) => this.cancel(e.info.id, { silent: true })));
    for (const waiter of [...this.#waiters]) waiter();
  }

  #entry(id: string): Entry {
    const entry = this.#tasks.get(id);
    if (entry !== undefined) return entry;
    const ids = [...this.#tasks.keys()];
    const known =
      ids.length === 0
        ? "There are no tasks."
        : `Known tasks: ${ids.slice(-MAX_IDS_IN_ERROR).join(", ")}${ids.length > MAX_IDS_IN_ERROR ? " (newest shown)" : ""}.`;
    throw new TaskError("unknown_task", `No task with id "${id}". ${known}`);
  }

  #snapshot(entry: Entry): TaskInfo {
    return { ...entry.info, outputBytes: entry.output.totalBytes };
  }

  #newId(kind: TaskSpec["kind"]): string {
    for (;;) {
      const id = `${kind === "bash" ? "b" : "a"}${randomBytes(4).toString("hex")}`;
      if (!this.#tasks.has(id)) return id;
    }
  }

  #settle(entry: Entry, outcome: TaskOutcome): void {
    if (entry.finished) return;
    entry.finished = true;
    entry.info.status = outcome.status;
    entry.info.endedAt = Date.now();
    if (outcome.exitCode !== undefined) entry.info.exitCode = outcome.exitCode;
    if (outcome.error !== undefined) entry.info.error = outcome.error;
    entry.output.close();
    if (entry.output.fileNote !== undefined) {
      entry.info.error =
        entry.info.error === undefined
          ? entry.output.fileNote
          : `${entry.info.error}; ${entry.output.fileNote}`;
    }
    if (!this.#closed) this.#notify(entry);
    entry.markDone();
    this.#forgetOldFinished();
    for (const waiter of [...this.#waiters]) waiter();
  }

  #notify(entry: Entry): void {
    const task = this.#snapshot(entry);
    const notice = formatTaskNotice(task, entry.output.tail(4096));
    if (!entry.silent) {
      this.#notices.push(notice);
      if (this.#notices.length > this.#maxQueued) {
        this.#notices.shift();
        this.#droppedNotices++;
      }
    }
    const status = task.status as FinishedTaskStatus;
    try {
      this.#onNotice?.({ taskId: task.id, kind: task.kind, status, description: task.description, notice });
    } catch {
      // A renderer's failure must not break the task bookkeeping.
    }
  }

  #forgetOldFinished(): void {
    let finished = 0;
    for (const entry of this.#tasks.values()) if (entry.finished) finished++;
    for (const [id, entry] of this.#tasks) {
      if (finished <= this.#maxFinished) break;
      if (entry.finished) {
        this.#tasks.delete(id);
        finished--;
      }
    }
  }
}
