import { spawn } from "node:child_process";

export type RipgrepRun =
  | { kind: "done"; exitCode: number; stderr: string }
  | { kind: "missing" }
  | { kind: "interrupted" }
  | { kind: "failed"; message: string };

const MAX_STDERR_CHARS = 4000;

/**
 * Runs ripgrep without a shell and hands each stdout line to `onLine` as it arrives, so the
 * caller keeps only what it needs (memory stays bounded on huge outputs). Aborting kills rg.
 */
export function runRipgrep(options: {
  rgPath: string;
  args: readonly string[];
  cwd: string;
  signal: AbortSignal;
  onLine: (line: string) => void;
}): Promise<RipgrepRun> {
  const { rgPath, args, cwd, signal, onLine } = options;
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve({ kind: "interrupted" });
      return;
    }
    const child = spawn(rgPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"], signal });
    let settled = false;
    const settle = (run: RipgrepRun) => {
      if (!settled) {
        settled = true;
        resolve(run);
      }
    };
    let pending = "";
    let stderr = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const text = pending + chunk;
      let start = 0;
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
        onLine(text.slice(start, nl));
        start = nl + 1;
      }
      pending = text.slice(start);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr += chunk.slice(0, MAX_STDERR_CHARS - stderr.length);
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (signal.aborted || error.name === "AbortError") settle({ kind: "interrupted" });
      else if (error.code === "ENOENT") settle({ kind: "missing" });
      else settle({ kind: "failed", message: error.message });
    });
    child.on("close", (code) => {
      if (pending.length > 0) onLine(pending);
      if (signal.aborted) settle({ kind: "interrupted" });
      else settle({ kind: "done", exitCode: code ?? -1, stderr });
    });
  });
}
