import type { AgentEventBody } from "@keel/protocol";

/** What runs: a shell command or a sub-agent. Only used for ids, notices and listings. */
export type TaskKind = "bash" | "agent";

/**
 * `pending` (registered, not started) → `running` → `completed` (exit code 0 or none),
 * `failed` (non-zero exit, a signal it did not ask for, a thrown error) or `killed` (cancelled).
 */
export type TaskStatus = "pending" | "running" | "completed" | "failed" | "killed";

/** A finished task's status. */
export type FinishedTaskStatus = Exclude<TaskStatus, "pending" | "running">;

/** What a task function is given. */
export interface TaskRunContext {
  taskId: string;
  /** Aborts when the task is cancelled or the manager shuts down; the function must stop promptly. */
  signal: AbortSignal;
  /** Appends output (to the task's file and its in-memory tail). Ignored once the task has finished. */
  write(chunk: string | Uint8Array): void;
  /** The file the output goes to. */
  outputPath: string;
}

/** How a task function ended. An empty object means success. */
export interface TaskRunResult {
  /** A process's exit code; a non-zero number makes the task `failed`. */
  exitCode?: number | null;
  /** The signal that ended a process; one the task was not cancelled with makes it `failed`. */
  signal?: string | null;
  /** Why it failed (e.g. a process that could not start); makes the task `failed`. */
  error?: string;
}

/**
 * The work. Contract: resolve when the work has ended (for a process: when it and its children
 * are gone); honour `ctx.signal`; a rejection marks the task `failed` with the error's message.
 */
export type TaskRun = (ctx: TaskRunContext) => Promise<TaskRunResult>;

export interface TaskSpec {
  kind: TaskKind;
  /** One line for listings and notices (a command, a sub-agent's description). */
  description: string;
  run: TaskRun;
}

/** A snapshot of one task. */
export interface TaskInfo {
  id: string;
  kind: TaskKind;
  description: string;
  status: TaskStatus;
  outputPath: string;
  /** Bytes of output produced so far (including any beyond the file's cap). */
  outputBytes: number;
  /** Epoch ms. */
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  exitCode?: number | null;
  /** Why the task failed or was killed, when there is more to say than the status. */
  error?: string;
}

/** A finished task's notice: the `task_notice` event's payload (decision 0002). */
export type TaskNotice = Omit<Extract<AgentEventBody, { type: "task_notice" }>, "type">;

/** New output since the previous read, newest part kept when there was more than asked for. */
export interface TaskOutputRead {
  task: TaskInfo;
  text: string;
  /** New bytes skipped because they did not fit (they are in the output file, up to its cap). */
  omittedBytes: number;
}
