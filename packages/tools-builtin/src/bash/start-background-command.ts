import type { TaskManager } from "@keel/tasks";
import type { ToolOutput } from "@keel/tools";
import { removeCreatedProtectedPaths } from "../sandbox/bubblewrap-sandbox.js";
import type { Sandbox, SandboxPolicy } from "../sandbox/sandbox.js";
import { runShellCommand } from "./run-shell-command.js";

export interface BackgroundCommandOptions {
  tasks: TaskManager;
  shell: string;
  command: string;
  /** The call's `description`; the command itself when absent. */
  description: string | undefined;
  cwd: string;
  env: Record<string, string>;
  killGraceMs: number;
  /** Set when the command runs in the sandbox. */
  sandbox: { sandbox: Sandbox; policy: SandboxPolicy } | undefined;
}

/**
 * Starts a command as a background task: its own process group, no time limit, output to the
 * task's file. The task ends when the shell and everything it started are gone; stopping it
 * kills the group (SIGTERM, then SIGKILL after the grace period). The working directory it
 * ends in is not carried over (it runs beside later commands).
 */
export function startBackgroundCommand(options: BackgroundCommandOptions): ToolOutput & { content: string } {
  const { sandbox } = options;
  let task: ReturnType<TaskManager["start"]>;
  try {
    task = options.tasks.start({
      kind: "bash",
      description: options.description ?? options.command,
      run: async ({ signal, write }) => {
        const result = await runShellCommand({
          shell: options.shell,
          command: options.command,
          cwd: options.cwd,
          env: options.env,
          killGraceMs: options.killGraceMs,
          signal,
          output: { push: write },
          awaitGroupExit: true,
          ...(sandbox ? { wrap: (argv: string[]) => sandbox.sandbox.wrap(argv, sandbox.policy) } : {}),
        });
        if (sandbox) {
          const removed = removeCreatedProtectedPaths(sandbox.policy);
          if (removed.length > 0) {
            write(
              `\n[Removed ${removed.join(", ")}: sandboxed commands may not create agent, editor or shell configuration. Ask the user to create it.]\n`,
            );
          }
        }
        if (result.spawnError !== undefined) return { error: result.spawnError };
        return { exitCode: result.exitCode, signal: result.exitSignal };
      },
    });
  } catch (error) {
    return { content: error instanceof Error ? error.message : String(error), isError: true };
  }
  return {
    content: [
      `Command running in the background with ID: ${task.id}`,
      `Output is being written to ${task.outputPath}.`,
      `Read new output with TaskOutput {"task_id": "${task.id}"} (it waits for the end unless block is false); stop it with TaskStop {"task_id": "${task.id}"}. You will be notified when it finishes.`,
    ].join("\n"),
  };
}
