import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

/** Output kept from a `!` command: the head and the tail, like tool output. */
const MAX_OUTPUT_CHARS = 30_000;

export interface ShellEscapeResult {
  command: string;
  output: string;
  exitCode: number | null;
  /** Killed by Esc. */
  interrupted: boolean;
}

function bound(text: string): string {
  if (text.length <= MAX_OUTPUT_CHARS) return text;
  const half = MAX_OUTPUT_CHARS / 2;
  return `${text.slice(0, half)}\n… [${text.length - MAX_OUTPUT_CHARS} characters cut] …\n${text.slice(-half)}`;
}

/**
 * Runs a `!command` the user typed, directly (no model, no permission check: the user asked for
 * it), in the cwd with the user's environment; stdout and stderr interleaved, bounded.
 */
export function runShellEscape(
  command: string,
  cwd: string,
  signal: AbortSignal,
): Promise<ShellEscapeResult> {
  const shell = existsSync("/bin/bash") ? "/bin/bash" : "/bin/sh";
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(shell, ["-c", command], { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const append = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT_CHARS * 4) output += chunk.toString("utf8");
    };
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
    };
    signal.addEventListener("abort", kill, { once: true });
    child.on("error", (error) => {
      signal.removeEventListener("abort", kill);
      resolve({ command, output: error.message, exitCode: null, interrupted: false });
    });
    child.on("close", (code) => {
      signal.removeEventListener("abort", kill);
      resolve({ command, output: bound(output), exitCode: code, interrupted: signal.aborted });
    });
  });
}

/** How a `!` command reaches the model: with the next prompt, as context (Claude Code's tags). */
export function shellEscapeContext(result: ShellEscapeResult): string {
  return [
    `<bash-input>${result.command}</bash-input>`,
    `<bash-stdout>${result.output.replace(/\n+$/, "")}</bash-stdout>`,
    `<bash-exit-code>${result.exitCode ?? "killed"}</bash-exit-code>`,
  ].join("\n");
}
