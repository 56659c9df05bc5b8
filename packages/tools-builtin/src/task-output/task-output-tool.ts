import type { TaskManager } from "@keel/tasks";
import { defineTool, type Tool } from "@keel/tools";
import { z } from "zod";
import { readTaskOutput } from "./read-task-output.js";

export interface TaskOutputToolOptions {
  tasks: TaskManager;
  /** How long `block` waits when the call gives no timeout. Default 30000 ms. */
  defaultTimeoutMs?: number;
  /** Requested timeouts are clamped to this. Default 600000 ms. */
  maxTimeoutMs?: number;
  /** New output shown per call at most (the newest part). Default 30000 bytes. */
  maxOutputBytes?: number;
}

const taskOutputSchema = z.strictObject({
  task_id: z.string().describe("The background task's ID"),
  block: z.boolean().optional().describe("Wait for the task to finish first (default true)"),
  timeout: z.number().optional().describe("How long to wait in milliseconds (default 30000, max 600000)"),
});
type TaskOutputInput = z.infer<typeof taskOutputSchema>;

const bashOutputSchema = z.strictObject({
  bash_id: z.string().describe("The background shell's ID"),
  filter: z.string().optional().describe("Only return new output lines matching this regular expression"),
});
type BashOutputInput = z.infer<typeof bashOutputSchema>;

const DESCRIPTION = `Reads a background task's status and the output it produced since the last read.
- block (default true) waits up to timeout ms (default 30000, max 600000) for the task to finish; block: false returns at once.
- At most the newest 30000 bytes of new output are shown; the whole output is in the task's output file.`;

const BASH_OUTPUT_DESCRIPTION = `Reads a background shell's status and the output it produced since the last read, without waiting.
- filter keeps only the new lines matching a regular expression (the others are consumed too).`;

function settings(options: TaskOutputToolOptions) {
  const maxTimeoutMs = options.maxTimeoutMs ?? 600_000;
  return {
    maxTimeoutMs,
    defaultTimeoutMs: Math.min(options.defaultTimeoutMs ?? 30_000, maxTimeoutMs),
    maxOutputBytes: options.maxOutputBytes ?? 30_000,
  };
}

/** `TaskOutput {task_id, block?, timeout?}` (Claude Code's name since 2026). Read-only. */
export function createTaskOutputTool(options: TaskOutputToolOptions): Tool {
  const { maxTimeoutMs, defaultTimeoutMs, maxOutputBytes } = settings(options);
  return defineTool<TaskOutputInput>({
    name: "TaskOutput",
    description: DESCRIPTION,
    inputSchema: taskOutputSchema,
    readOnly: true,
    requiredLevel: () => "read",
    maxOutputChars: maxOutputBytes + 2000,
    call: (input, ctx) =>
      readTaskOutput(options.tasks, {
        taskId: input.task_id,
        block: input.block ?? true,
        timeoutMs: Math.min(Math.max(0, Math.floor(input.timeout ?? defaultTimeoutMs)), maxTimeoutMs),
        maxBytes: maxOutputBytes,
        signal: ctx.signal,
      }),
  });
}

/** `BashOutput {bash_id, filter?}`: the pre-2026 name of TaskOutput, which never waited. Read-only. */
export function createBashOutputTool(options: TaskOutputToolOptions): Tool {
  const { maxOutputBytes } = settings(options);
  return defineTool<BashOutputInput>({
    name: "BashOutput",
    description: BASH_OUTPUT_DESCRIPTION,
    inputSchema: bashOutputSchema,
    readOnly: true,
    requiredLevel: () => "read",
    maxOutputChars: maxOutputBytes + 2000,
    async call(input, ctx) {
      let filter: RegExp | undefined;
      if (input.filter !== undefined) {
        try {
          filter = new RegExp(input.filter);
        } catch (error) {
          return { content: `Invalid filter: ${(error as Error).message}`, isError: true };
        }
      }
      return readTaskOutput(options.tasks, {
        taskId: input.bash_id,
        block: false,
        timeoutMs: 0,
        maxBytes: maxOutputBytes,
        signal: ctx.signal,
        ...(filter === undefined ? {} : { filter }),
      });
    },
  });
}
