import type { TaskInfo } from "./task.js";

/** How much of a finished task's last output its notice quotes. */
const NOTICE_TAIL_CHARS = 800;
const DESCRIPTION_CHARS = 200;

function outcome(task: TaskInfo): string {
  if (task.status === "killed") return "was stopped";
  if (task.status === "completed") {
    return task.exitCode === undefined || task.exitCode === null
      ? "completed"
      : `completed (exit code ${task.exitCode})`;
  }
  if (task.error !== undefined) return `failed: ${task.error}`;
  return typeof task.exitCode === "number" ? `failed (exit code ${task.exitCode})` : "failed";
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The short user-side text the model receives when a task finishes: what it was, how it ended,
 * where its output is, and the last few lines of it. `lastOutput` is the newest part of the
 * output (fewer bytes than `task.outputBytes` when the start is left out).
 */
export function formatTaskNotice(task: TaskInfo, lastOutput: string): string {
  const lines = [
    "<task-notification>",
    `Background ${task.kind === "bash" ? "command" : "agent"} task ${task.id} ("${oneLine(task.description, DESCRIPTION_CHARS)}") ${outcome(task)}.`,
    `Output file: ${task.outputPath} (${task.outputBytes} bytes).`,
  ];
  let tail = lastOutput.replace(/\s+$/, "");
  if (tail.length > 0) {
    const partial = tail.length > NOTICE_TAIL_CHARS || Buffer.byteLength(lastOutput) < task.outputBytes;
    if (partial) {
      tail = tail.slice(-NOTICE_TAIL_CHARS);
      // Start at a line when one begins early enough, rather than mid-line.
      const newline = tail.indexOf("\n");
      if (newline !== -1 && newline < NOTICE_TAIL_CHARS / 2) tail = tail.slice(newline + 1);
      tail = `…\n${tail}`;
    }
    lines.push("Last output:", tail);
  } else {
    lines.push("It produced no output.");
  }
  lines.push("</task-notification>");
  return lines.join("\n");
}
