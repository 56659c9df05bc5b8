import type { TaskManager } from "@keel/tasks";
import type { StartBackgroundSubagent } from "@keel/tools-builtin";

/**
 * Runs `run_in_background` Agent calls as `agent` tasks of `tasks`: the sub-agent's final report
 * becomes the task's output (so its completion notice quotes it, and TaskOutput reads it); a
 * sub-agent that ends in error makes the task `failed`; TaskStop aborts the sub-agent.
 */
export function backgroundSubagentStarter(tasks: Pick<TaskManager, "start">): StartBackgroundSubagent {
  return (task) =>
    tasks.start({
      kind: "agent",
      description: task.description,
      run: async (ctx) => {
        const result = await task.run({ signal: ctx.signal });
        ctx.write(result.text.endsWith("\n") ? result.text : `${result.text}\n`);
        if (result.isError !== true) return {};
        return { error: result.text.split("\n", 1)[0] ?? "the agent failed" };
      },
    }).id;
}
