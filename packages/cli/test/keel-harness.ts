import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built CLI (vitest's global setup runs `tsc -b` first). */
export const KEEL_BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

export interface KeelRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON lines (stream-json / json output). */
  lines: Array<Record<string, unknown>>;
}

export interface KeelEnv {
  cwd: string;
  home: string;
  env: Record<string, string>;
}

/** A fresh workspace and KEEL_HOME pointing at a fake server. */
export function keelEnv(serverUrl: string, extra: Record<string, string> = {}): KeelEnv {
  const cwd = mkdtempSync(join(tmpdir(), "keel-e2e-"));
  const home = mkdtempSync(join(tmpdir(), "keel-e2e-home-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    ANTHROPIC_API_KEY: "sk-test-key",
    ANTHROPIC_BASE_URL: serverUrl,
    KEEL_HOME: home,
    ...extra,
  };
  return { cwd, home, env };
}

export function startKeel(args: string[], ke: KeelEnv, stdin?: string): ChildProcess {
  const child = spawn(process.execPath, [KEEL_BIN, ...args], {
    cwd: ke.cwd,
    env: ke.env,
    stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (stdin !== undefined) child.stdin?.end(stdin);
  return child;
}

export function collect(child: ChildProcess): Promise<KeelRun> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      const lines = stdout
        .split("\n")
        .filter((l) => l.trim().startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code, signal, stdout, stderr, lines });
    });
  });
}

export function runKeel(args: string[], ke: KeelEnv, stdin?: string): Promise<KeelRun> {
  return collect(startKeel(args, ke, stdin));
}

/** All session files under KEEL_HOME, parsed. */
export function sessionFiles(ke: KeelEnv): Array<{ path: string; records: Array<Record<string, unknown>> }> {
  const projects = join(ke.home, "projects");
  const out: Array<{ path: string; records: Array<Record<string, unknown>> }> = [];
  for (const dir of readdirSync(projects)) {
    // Session files only: blobs (task output, sub-agent sessions) live in folders beside them.
    for (const f of readdirSync(join(projects, dir)).filter((name) => name.endsWith(".jsonl"))) {
      const path = join(projects, dir, f);
      const records = readFileSync(path, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        });
      out.push({ path, records });
    }
  }
  return out;
}
