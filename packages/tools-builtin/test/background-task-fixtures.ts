import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TaskManager, type TaskManagerOptions } from "@keel/tasks";
import type { ToolOutput } from "@keel/tools";

const managers: TaskManager[] = [];
const dirs: string[] = [];

/** A task manager writing into a fresh directory; `cleanUpTasks` shuts it down. */
export function taskManager(options: Partial<TaskManagerOptions> = {}): TaskManager {
  const dir = mkdtempSync(join(tmpdir(), "keel-task-out-"));
  dirs.push(dir);
  const tasks = new TaskManager({ outputDir: dir, ...options });
  managers.push(tasks);
  return tasks;
}

/** Call from afterAll / afterEach. */
export async function cleanUpTasks(): Promise<void> {
  await Promise.all(managers.splice(0).map((m) => m.shutdown()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The task id in Bash's "running in the background" answer. */
export function backgroundTaskId(output: ToolOutput): string {
  const id = /with ID: (\S+)/.exec(typeof output.content === "string" ? output.content : "")?.[1];
  if (id === undefined) throw new Error(`no task id in ${JSON.stringify(output.content)}`);
  return id;
}

/** Live (non-zombie) processes in a process group, as `ps` lists them: `pid command`. */
export function processesInGroup(pgid: number): string[] {
  const out = execFileSync("ps", ["-eo", "pid=,pgid=,stat=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && Number(f[1]) === pgid && !f[2]!.startsWith("Z"))
    .map((f) => `${f[0]} ${f.slice(3).join(" ")}`);
}

/** Polls until `check` holds (no wall-clock assertion: the test's own timeout bounds it). */
export async function until<T>(check: () => T | undefined | false): Promise<T> {
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
