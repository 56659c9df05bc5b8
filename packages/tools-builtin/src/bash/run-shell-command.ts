import { type ChildProcessByStdio, spawn } from "node:child_process";
import { closeSync } from "node:fs";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { SandboxedCommand } from "../sandbox/sandbox.js";

export interface ShellRunOptions {
  shell: string;
  command: string;
  cwd: string;
  env: Record<string, string>;
  /** Absent: no time limit (background tasks). */
  timeoutMs?: number;
  /** After SIGTERM, how long the process group gets before SIGKILL. */
  killGraceMs: number;
  signal: AbortSignal;
  /** Receives the interleaved stdout and stderr as text (an `OutputCollector`, a task's `write`). */
  output: { push(text: string): void };
  /** The shell writes its final working directory here (`pwd -P`) when it exits. Absent: not recorded. */
  pwdFile?: string;
  /** Turns the argv to spawn into a confined command (the sandbox). */
  wrap?: (argv: string[]) => SandboxedCommand;
  /**
   * Resolve only once the whole process group is gone (its leftovers reaped: SIGTERM, then
   * SIGKILL after `killGraceMs`), not as soon as the shell exits. Background tasks use this so
   * "finished" means no process is left.
   */
  awaitGroupExit?: boolean;
}

export interface ShellRunResult {
  exitCode: number | null;
  exitSignal: string | null;
  timedOut: boolean;
  aborted: boolean;
  /** Set when the shell could not be started. */
  spawnError: string | undefined;
}

/**
 * The command runs through `eval` so it is passed as data (no quoting), with stderr merged into
 * stdout so the output interleaves as produced, and an EXIT trap records the final directory.
 */
const SCRIPT = [
  "exec 2>&1",
  "__keel_pwd_file=$2",
  '[ -n "$__keel_pwd_file" ] && trap \'pwd -P >| "$__keel_pwd_file" 2>/dev/null\' EXIT',
  "__keel_cmd=$1",
  "shift 2",
  'eval "$__keel_cmd"',
].join("\n");

/** How long to wait for the pipes to close after the shell exited (background jobs may hold them). */
const DRAIN_MS = 100;

/** Process groups still alive; killed when Keel exits, however it exits (except SIGKILL). */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

function trackGroup(pgid: number): void {
  liveGroups.add(pgid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const group of liveGroups) signalGroup(group, "SIGKILL");
  });
}

/** After SIGKILL, how long to wait for the group to disappear (zombies nobody reaps never do). */
const AFTER_KILL_MS = 500;

/**
 * Ends whatever is left of a finished command's process group (background jobs it started):
 * SIGTERM, then SIGKILL after `graceMs`. The timers keep Keel alive until the group is gone.
 * Resolves when the group is gone, or shortly after SIGKILL.
 */
function reapGroup(pgid: number, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!signalGroup(pgid, "SIGTERM")) {
      liveGroups.delete(pgid);
      resolve();
      return;
    }
    const deadline = performance.now() + graceMs;
    let killedAt: number | undefined;
    const poll = () => {
      if (!signalGroup(pgid, 0)) {
        liveGroups.delete(pgid);
        resolve();
        return;
      }
      if (killedAt === undefined && performance.now() >= deadline) {
        signalGroup(pgid, "SIGKILL");
        liveGroups.delete(pgid);
        killedAt = performance.now();
      }
      if (killedAt !== undefined && performance.now() - killedAt >= AFTER_KILL_MS) resolve();
      else setTimeout(poll, 25);
    };
    setTimeout(poll, 25);
  });
}

/**
 * Runs one command in its own process group (`detached`), so a timeout or abort kills the whole
 * group: SIGTERM, then SIGKILL after `killGraceMs`.
 */
export function runShellCommand(options: ShellRunOptions): Promise<ShellRunResult> {
  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    let settled = false;
    let exit: { code: number | null; signal: string | null } | undefined;

    const plain = [options.shell, "-c", SCRIPT, "keel-bash", options.command, options.pwdFile ?? ""];
    const { argv, extraFds } = options.wrap ? options.wrap(plain) : { argv: plain, extraFds: [] };
    const spawned = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe", ...extraFds],
    });
    for (const fd of extraFds) closeSync(fd);
    // stdout/stderr are pipes (typed nullable only because of the extra fds).
    const child = spawned as unknown as ChildProcessByStdio<null, Readable, Readable>;

    if (child.pid !== undefined) trackGroup(child.pid);
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid !== undefined) signalGroup(child.pid, signal);
    };
    const stop = () => {
      killGroup("SIGTERM");
      // Not cleared on exit: survivors in the group that ignore SIGTERM still get SIGKILL.
      setTimeout(() => killGroup("SIGKILL"), options.killGraceMs).unref();
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stop();
          }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    options.signal.addEventListener("abort", onAbort, { once: true });
    if (options.signal.aborted) onAbort();

    const decoder = new StringDecoder("utf8");
    const onData = (chunk: Buffer) => options.output.push(decoder.write(chunk));
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);

    let openPipes = 2;
    const finish = (spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener("abort", onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      const reaped = child.pid === undefined ? Promise.resolve() : reapGroup(child.pid, options.killGraceMs);
      options.output.push(decoder.end());
      const result = {
        exitCode: exit?.code ?? null,
        exitSignal: exit?.signal ?? null,
        timedOut,
        aborted,
        spawnError,
      };
      if (options.awaitGroupExit === true) void reaped.then(() => resolve(result));
      else resolve(result);
    };
    const onPipeClosed = () => {
      openPipes--;
      if (openPipes === 0 && exit !== undefined) finish();
    };
    child.stdout.on("close", onPipeClosed);
    child.stderr.on("close", onPipeClosed);
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      if (openPipes === 0) finish();
      else setTimeout(() => finish(), DRAIN_MS);
    });
    child.on("error", (error) => {
      finish(`Failed to start ${options.shell}: ${error.message}`);
    });
  });
}
