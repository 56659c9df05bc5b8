import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { open, unlink } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeShellCommand, isInsideDirectory, type RequiredAccess, shellAccess } from "@keel/permissions";
import type { TaskManager } from "@keel/tasks";
import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { z } from "zod";
import { realpathOr } from "../real-path.js";
import { removeCreatedProtectedPaths } from "../sandbox/bubblewrap-sandbox.js";
import type { Sandbox, SandboxPolicy } from "../sandbox/sandbox.js";
import { buildChildEnv } from "./child-env.js";
import { OutputCollector } from "./output-collector.js";
import { runShellCommand, type ShellRunResult } from "./run-shell-command.js";
import { startBackgroundCommand } from "./start-background-command.js";

export interface BashToolOptions {
  /** Base environment for commands (secrets are removed). Usually the CLI's `process.env`. */
  env: Record<string, string | undefined>;
  /** Default `/bin/bash`. Any POSIX shell that accepts `-c` works. */
  shell?: string;
  /** Default 120000 ms. */
  defaultTimeoutMs?: number;
  /** Requested timeouts are clamped to this. Default 600000 ms. */
  maxTimeoutMs?: number;
  /** Longer output keeps head + tail and is saved to a file. Default 30000. */
  maxOutputChars?: number;
  /** Where over-long output is saved (`keel-bash-<id>.log`). Default `os.tmpdir()`. */
  outputDir?: string;
  /** SIGTERM → SIGKILL delay when killing a command. Default 2000 ms. */
  killGraceMs?: number;
  /**
   * The kernel sandbox. When set (and a call does not set `dangerouslyDisableSandbox`), the
   * command runs inside it, so it needs at most the `write` level (the sandbox, not the
   * analysis, keeps it inside the workspace) and recursive reads need no check (the sandbox
   * hides Read-denied paths). A call that opts out needs the level its analysis gives.
   */
  sandbox?: BashSandbox;
  /**
   * Runs `run_in_background` commands as tasks (no time limit, output to the task's file, a
   * notice when they finish). Absent: such calls get an error saying background commands are
   * unavailable.
   */
  tasks?: TaskManager;
}

/** A sandbox and the policy for each call (computed per call: protected paths may appear). */
export interface BashSandbox {
  sandbox: Sandbox;
  policy(): SandboxPolicy;
}

const baseSchema = z.strictObject({
  command: z.string().describe("The command to run"),
  timeout: z.number().optional().describe("Timeout in milliseconds (max 600000)"),
  description: z.string().optional().describe("What the command does, in 5-10 words"),
  run_in_background: z
    .boolean()
    .optional()
    .describe("Run as a background task and return its id at once; read output with TaskOutput"),
});
const sandboxedSchema = baseSchema.extend({
  dangerouslyDisableSandbox: z
    .boolean()
    .optional()
    .describe("Run outside the sandbox (needs approval); only when the sandbox blocks a needed action"),
});
type BashInput = z.infer<typeof sandboxedSchema>;

const DESCRIPTION = `Runs a bash command and returns its combined stdout and stderr.
- The working directory persists between calls (it must stay inside the project); environment changes do not.
- timeout is in milliseconds: default 120000 (2 minutes), max 600000.
- Output over 30000 characters keeps the beginning and end; the full output is saved to a file whose path is given.
- Use Read and Write for files rather than cat, heredocs or echo redirection. Quote paths with spaces.`;

const BACKGROUND_DESCRIPTION = `
- run_in_background: true starts the command as a background task (no timeout; the working directory it ends in is not kept) and returns its ID at once; you are notified when it finishes. Read its output with TaskOutput, stop it with TaskStop. Use it for servers, watchers and long builds rather than a trailing '&' (processes left behind by a finished command are killed).`;

/** The first `max` bytes of a file as trimmed text ("" when it cannot be read). */
async function readBounded(path: string, max: number): Promise<string> {
  try {
    const handle = await open(path, "r");
    try {
      const buf = Buffer.alloc(max);
      const { bytesRead } = await handle.read(buf, 0, max, 0);
      return buf.subarray(0, bytesRead).toString("utf8").trim();
    } finally {
      await handle.close();
    }
  } catch {
    return "";
  }
}

export function createBashTool(options: BashToolOptions): Tool {
  const shell = options.shell ?? "/bin/bash";
  const env = buildChildEnv(options.env);
  const maxTimeoutMs = options.maxTimeoutMs ?? 600_000;
  const defaultTimeoutMs = Math.min(options.defaultTimeoutMs ?? 120_000, maxTimeoutMs);
  const maxOutputChars = options.maxOutputChars ?? 30_000;
  const outputDir = options.outputDir ?? tmpdir();
  const killGraceMs = options.killGraceMs ?? 2000;
  const sandbox = options.sandbox;
  let stateDir: string | undefined;
  // The shell's working directory, carried between calls of this tool instance (one session).
  let state: { workspace: string; dir: string } | undefined;
  const home = options.env.HOME ?? homedir();
  /** Analyses a command where it will run: the persisted shell cwd when it belongs to this workspace. */
  const analyze = (command: string, ctx: { cwd: string; workspaceRoots?: readonly string[] | undefined }) => {
    const cwd =
      state !== undefined && state.workspace === ctx.cwd && existsSync(state.dir) ? state.dir : ctx.cwd;
    return analyzeShellCommand(command, { workspaceRoots: ctx.workspaceRoots ?? [ctx.cwd], cwd, home });
  };

  return defineTool<BashInput>({
    name: "Bash",
    description: options.tasks ? DESCRIPTION + BACKGROUND_DESCRIPTION : DESCRIPTION,
    // The opt-out field exists only when there is a sandbox to opt out of.
    inputSchema: options.sandbox ? sandboxedSchema : (baseSchema as z.ZodType<BashInput>),
    // `cd` changes the shared working directory, so such commands never run concurrently.
    readOnly: async (input, ctx) => {
      const analysis = await analyze(input.command, ctx);
      return analysis.level === "read" && !analysis.subcommands.some((c) => c.argv[0] === "cd");
    },
    requiredLevel: async (input, ctx): Promise<RequiredAccess> => {
      const analysis = await analyze(input.command, ctx);
      const access = shellAccess(analysis);
      // In the sandbox the kernel bounds what a command can write and read, so it needs at most
      // `write`; except a command whose name is computed at run time (`$(echo rm) x`): no rule
      // can see what it is, so it keeps its level and Bash deny/ask rules cannot be dodged.
      if (options.sandbox && input.dangerouslyDisableSandbox !== true && !analysis.opaqueCommand) {
        return {
          level: analysis.level === "full" ? "write" : analysis.level,
          access: { ...access, recursiveReads: [] },
        };
      }
      // Leaving the sandbox is never automatic: it needs the full level (a person, or a rule).
      if (options.sandbox && input.dangerouslyDisableSandbox === true) return { level: "full", access };
      return { level: analysis.level, access };
    },
    // Output is bounded here (head + tail + saved file); leave room for the status lines.
    maxOutputChars: maxOutputChars + 2000,
    async call(input, ctx): Promise<ToolOutput> {
      const notes: string[] = [];
      let startDir = ctx.cwd;
      if (state !== undefined && state.workspace === ctx.cwd) {
        if (existsSync(state.dir)) startDir = state.dir;
        else notes.push(`The previous working directory ${state.dir} no longer exists; ran in ${ctx.cwd}.`);
      }
      if (input.run_in_background === true) {
        if (options.tasks === undefined) {
          return {
            content:
              "Background commands are not available in this session (no task manager). Run the command in the foreground with a timeout (max 600000 ms) instead.",
            isError: true,
          };
        }
        const bgPolicy = sandbox && input.dangerouslyDisableSandbox !== true ? sandbox.policy() : undefined;
        const started = startBackgroundCommand({
          tasks: options.tasks,
          shell,
          command: input.command,
          description: input.description,
          cwd: startDir,
          env,
          killGraceMs,
          sandbox: sandbox && bgPolicy ? { sandbox: sandbox.sandbox, policy: bgPolicy } : undefined,
        });
        return notes.length === 0 ? started : { ...started, content: [started.content, ...notes].join("\n") };
      }
      const timeoutMs = Math.min(Math.max(1, Math.floor(input.timeout ?? defaultTimeoutMs)), maxTimeoutMs);
      const id = randomUUID();
      // The shell reports its final directory in this file; only the file is bound into the
      // sandbox (whose own /tmp is private), and it is deleted after the command.
      stateDir ??= mkdtempSync(join(tmpdir(), "keel-bash-"));
      const pwdFile = join(stateDir, `cwd-${id}`);
      writeFileSync(pwdFile, "", { mode: 0o600 });
      const output = new OutputCollector(maxOutputChars, join(outputDir, `keel-bash-${id}.log`));
      const policy = sandbox && input.dangerouslyDisableSandbox !== true ? sandbox.policy() : undefined;

      const result = await runShellCommand({
        shell,
        command: input.command,
        cwd: startDir,
        env,
        timeoutMs,
        killGraceMs,
        signal: ctx.signal,
        output,
        pwdFile,
        ...(policy && sandbox
          ? {
              wrap: (argv: string[]) =>
                sandbox.sandbox.wrap(argv, {
                  ...policy,
                  writableRoots: [...policy.writableRoots, pwdFile],
                }),
            }
          : {}),
      });
      const collected = await output.finish();
      if (policy) {
        const removed = removeCreatedProtectedPaths(policy);
        if (removed.length > 0) {
          notes.push(
            `Removed ${removed.join(", ")}: sandboxed commands may not create agent, editor or shell configuration. Ask the user to create it.`,
          );
        }
      }

      // The command could write anything there: read a bounded prefix, judge the real path.
      const reported = await readBounded(pwdFile, 4096);
      await unlink(pwdFile).catch(() => {});
      const finalDir = reported === "" ? "" : realpathOr(reported);
      if (finalDir !== "") {
        if (isInsideDirectory(finalDir, realpathOr(ctx.cwd)) && existsSync(finalDir)) {
          state = { workspace: ctx.cwd, dir: finalDir };
        } else {
          state = { workspace: ctx.cwd, dir: ctx.cwd };
          notes.push(`Shell cwd was reset to ${ctx.cwd} (commands must stay inside the project).`);
        }
      }
      return formatResult(result, collected.text, timeoutMs, notes);
    },
  });
}

function formatResult(result: ShellRunResult, text: string, timeoutMs: number, notes: string[]): ToolOutput {
  if (result.spawnError !== undefined) return { content: result.spawnError, isError: true };
  const parts = [text.length > 0 ? text.replace(/\n$/, "") : "(no output)"];
  let isError = false;
  if (result.timedOut) {
    parts.push(`Command timed out after ${timeoutMs} ms and was killed.`);
    isError = true;
  } else if (result.aborted) {
    parts.push("Command was interrupted.");
    isError = true;
  } else if (result.exitSignal !== null) {
    parts.push(`Killed by signal ${result.exitSignal}.`);
  } else if (result.exitCode !== 0) {
    parts.push(`Exit code: ${result.exitCode}`);
  }
  parts.push(...notes);
  return { content: parts.join("\n"), isError };
}
