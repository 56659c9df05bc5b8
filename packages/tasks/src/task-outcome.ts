import type { FinishedTaskStatus, TaskRunResult } from "./task.js";

export interface TaskOutcome {
  status: FinishedTaskStatus;
  exitCode?: number | null;
  error?: string;
}

/** How a task function's result maps to an end state (see `TaskStatus`). */
export function outcomeOf(result: TaskRunResult | undefined, aborted: boolean): TaskOutcome {
  const exitCode = result?.exitCode;
  const base = exitCode === undefined ? {} : { exitCode };
  if (aborted) return { status: "killed", ...base };
  if (result?.error !== undefined) return { status: "failed", ...base, error: result.error };
  if (typeof exitCode === "number" && exitCode !== 0) return { status: "failed", ...base };
  if (result?.signal !== undefined && result.signal !== null) {
    return { status: "failed", ...base, error: `killed by signal ${result.signal}` };
  }
  return { status: "completed", ...base };
}
