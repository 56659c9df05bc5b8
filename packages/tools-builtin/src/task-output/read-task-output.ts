import { TaskError, type TaskManager } from "@keel/tasks";
import type { ToolOutput } from "@keel/tools";
import { describeTask } from "./describe-task.js";

export interface ReadTaskOutputRequest {
  taskId: string;
  /** Wait up to `timeoutMs` for a running task to finish first. */
  block: boolean;
  timeoutMs: number;
  /** Keep only the new lines matching this (the others are consumed all the same). */
  filter?: RegExp;
  /** New output shown at most (the newest part); the rest stays in the output file. */
  maxBytes: number;
  signal: AbortSignal;
}

/** Status plus the output produced since the previous read: TaskOutput's (and BashOutput's) answer. */
export async function readTaskOutput(
  tasks: TaskManager,
  request: ReadTaskOutputRequest,
): Promise<ToolOutput> {
  try {
    let waitedOut = false;
    if (request.block && request.timeoutMs > 0) {
      const task = await tasks.wait(request.taskId, { timeoutMs: request.timeoutMs, signal: request.signal });
      waitedOut = task.status === "running" && !request.signal.aborted;
    }
    const read = tasks.readNew(request.taskId, request.maxBytes);
    const parts = [`${describeTask(read.task)}.`];
    if (waitedOut) {
      parts.push(
        `Still running after waiting ${request.timeoutMs} ms; call TaskOutput again to keep waiting, or TaskStop to stop it.`,
      );
    }
    if (read.omittedBytes > 0) {
      parts.push(
        `[… ${read.omittedBytes} earlier bytes of new output omitted; they are in ${read.task.outputPath} …]`,
      );
    }
    let text = read.text;
    if (request.filter !== undefined) {
      const filter = request.filter;
      text = text
        .split("\n")
        .filter((line) => filter.test(line))
        .join("\n");
    }
    text = text.replace(/\n$/, "");
    if (text.length > 0) parts.push("New output:", text);
    else parts.push(read.text.length > 0 ? "No new output matches the filter." : "No new output.");
    parts.push(`Output file: ${read.task.outputPath}`);
    return { content: parts.join("\n") };
  } catch (error) {
    if (error instanceof TaskError) return { content: error.message, isError: true };
    throw error;
  }
}
