import { TaskError, type TaskManager } from "@keel/tasks";
import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { z } from "zod";
import { describeTask } from "../task-output/describe-task.js";

export interface TaskStopToolOptions {
  tasks: TaskManager;
}

const taskStopSchema = z.strictObject({
  task_id: z.string().optional().describe("The ID of the background task to stop"),
  shell_id: z.string().optional().describe("Deprecated: use task_id"),
});
type TaskStopInput = z.infer<typeof taskStopSchema>;

const killShellSchema = z.strictObject({
  shell_id: z.string().describe("The ID of the background shell to kill"),
});
type KillShellInput = z.infer<typeof killShellSchema>;

const DESCRIPTION = `Stops a running background task by its ID: a command and every process it started (SIGTERM, then SIGKILL), or a background agent. Returns its final state.`;

/** Cancels the task and says how it ended; its notice is not queued (this result says it). */
async function stopTask(tasks: TaskManager, id: string): Promise<ToolOutput> {
  try {
    const before = tasks.get(id);
    if (before !== undefined && before.status !== "running" && before.status !== "pending") {
      return { content: `${describeTask(before)}. It had already finished; nothing to stop.` };
    }
    const task = await tasks.cancel(id, { silent: true });
    const read = tasks.readNew(id, 2000);
    const tail = read.text.replace(/\n$/, "");
    return {
      content: [`${describeTask(task)}.`, ...(tail.length > 0 ? ["Last new output:", tail] : [])].join("\n"),
    };
  } catch (error) {
    if (error instanceof TaskError) return { content: error.message, isError: true };
    throw error;
  }
}

/**
 * `TaskStop {task_id}` (also accepts the deprecated `shell_id`). It only stops this session's own
 * tasks, so it needs the `read` level.
 */
export function createTaskStopTool(options: TaskStopToolOptions): Tool {
  return defineTool<TaskStopInput>({
    name: "TaskStop",
    description: DESCRIPTION,
    inputSchema: taskStopSchema,
    readOnly: false,
    requiredLevel: () => "read",
    async call(input) {
      const id = input.task_id ?? input.shell_id;
      if (id === undefined) {
        return { content: "Invalid input for TaskStop: task_id is required.", isError: true };
      }
      return stopTask(options.tasks, id);
    },
  });
}

/** `KillShell {shell_id}`: the pre-2026 name of TaskStop. */
export function createKillShellTool(options: TaskStopToolOptions): Tool {
  return defineTool<KillShellInput>({
    name: "KillShell",
    description: "Kills a running background shell by its ID (and every process it started).",
    inputSchema: killShellSchema,
    readOnly: false,
    requiredLevel: () => "read",
    call: (input) => stopTask(options.tasks, input.shell_id),
  });
}
