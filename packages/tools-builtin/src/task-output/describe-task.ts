import type { TaskInfo } from "@keel/tasks";

const DESCRIPTION_CHARS = 120;

/** `Task b1a2b3c4 (command "npm run dev"): running` — one line for TaskOutput and TaskStop results. */
export function describeTask(task: TaskInfo): string {
  const flat = task.description.replace(/\s+/g, " ").trim();
  const what = flat.length > DESCRIPTION_CHARS ? `${flat.slice(0, DESCRIPTION_CHARS - 1)}…` : flat;
  const kind = task.kind === "bash" ? "command" : "agent";
  let state: string = task.status;
  if (task.status === "killed") state = "stopped";
  if (typeof task.exitCode === "number" && task.status !== "running") state += `, exit code ${task.exitCode}`;
  if (task.error !== undefined) state += ` (${task.error})`;
  return `Task ${task.id} (${kind} "${what}"): ${state}`;
}
