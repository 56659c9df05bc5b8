import { resolve } from "node:path";
import type { PermissionLevel, ShellSubcommand } from "../types.js";
import { hasSyntaxError, parseBash } from "./bash-parser.js";
import { classifyCommand } from "./classify-command.js";
import { HARMLESS_REDIRECT_TARGETS, isSafeEnvName, NESTED_SHELLS } from "./command-catalog.js";
import { firstOutside, type PathContext, resolvePathWord } from "./path-arguments.js";
import { type ShellAssignment, type SimpleCommand, walkCommands } from "./shell-syntax.js";
import { stripWrappers } from "./strip-wrappers.js";

export interface ShellAnalysisOptions {
  /** Directories the command may read and write without `full` (the cwd and `--add-dir` roots). */
  workspaceRoots: readonly string[];
  /** Where the command starts. */
  cwd: string;
  /** `~` and `$HOME`. */
  home: string;
}

export interface ShellAnalysis {
  /** `read`: read-only commands on workspace paths; `write`: simple file commands and redirects inside it; else `full`. */
  level: PermissionLevel;
  /** Every simple command (substitutions and `bash -c` strings included), wrappers stripped. */
  subcommands: ShellSubcommand[];
  /** Absolute paths read (globs expanded), as far as the parser can see. */
  readPaths: string[];
  /** Absolute paths written (file commands and output redirects). */
  writePaths: string[];
  /** Output redirection targets (a subset of `writePaths`). */
  redirectWrites: string[];
  /** Directories read recursively (`grep -r`, `rg`). */
  recursiveReadPaths: string[];
  /** Why the level is what it is when it is `full` (first reason first). */
  reasons: string[];
  /** The parser could not read the whole command (the level is then `full`). */
  parseError?: string;
}

/** Commands longer than this are not analysed (Claude Code's limit too). */
const MAX_COMMAND_LENGTH = 10_000;
const MAX_NESTING = 3;

function joinSources(words: ReadonlyArray<{ source: string }>): string {
  return words.map((w) => w.source).join(" ");
}

function assignmentsSafe(assignments: readonly ShellAssignment[]): boolean {
  return assignments.every((a) => isSafeEnvName(a.name));
}

class Analysis {
  readonly result: ShellAnalysis = {
    level: "read",
    subcommands: [],
    readPaths: [],
    writePaths: [],
    redirectWrites: [],
    recursiveReadPaths: [],
    reasons: [],
  };

  raise(level: PermissionLevel, reason?: string): void {
    if (level === "full" && reason !== undefined) this.result.reasons.push(reason);
    if (level === "full" || (level === "write" && this.result.level === "read")) this.result.level = level;
  }
}

async function analyzeInto(
  source: string,
  options: ShellAnalysisOptions,
  analysis: Analysis,
  depth: number,
): Promise<void> {
  const root = await parseBash(source);
  if (hasSyntaxError(root)) {
    analysis.result.parseError ??= `bash could not parse: ${source.length > 80 ? `${source.slice(0, 80)}…` : source}`;
    analysis.raise("full", "the command could not be fully parsed");
  }
  const walk = walkCommands(root, { home: options.home, pwd: options.cwd });
  for (const reason of walk.opaque) analysis.raise("full", reason);
  const cwds = [options.cwd];
  for (const command of walk.commands) await analyzeCommand(command, cwds, options, analysis, depth);
}

async function analyzeCommand(
  command: SimpleCommand,
  cwds: string[],
  options: ShellAnalysisOptions,
  analysis: Analysis,
  depth: number,
): Promise<void> {
  const ctx: PathContext = { cwds: [...cwds], workspaceRoots: options.workspaceRoots };
  const r = analysis.result;
  for (const redirect of command.redirects) {
    if (redirect.kind === "none" || redirect.target === undefined) continue;
    if (redirect.kind === "write" && HARMLESS_REDIRECT_TARGETS.test(redirect.target.value ?? "")) continue;
    const resolved = resolvePathWord(redirect.target, ctx);
    if (!resolved.ok) {
      analysis.raise("full", `redirect: ${resolved.reason}`);
      continue;
    }
    if (redirect.kind === "write") {
      r.writePaths.push(...resolved.paths);
      r.redirectWrites.push(...resolved.paths);
    } else r.readPaths.push(...resolved.paths);
    const outside = firstOutside(resolved.paths, ctx);
    if (outside !== undefined) analysis.raise("full", `redirect to ${outside}, outside the workspace`);
    else analysis.raise(redirect.kind === "write" ? "write" : "read");
  }

  const unwrapped = stripWrappers(command.words);
  const assignments = [...command.assignments, ...unwrapped.envAssignments];
  const envSafe = assignmentsSafe(assignments);
  if (command.kind === "test") return;
  if (command.words.length === 0) {
    // A bare `NAME=value`: harmless for known-safe names; `PATH=…` changes what later commands run.
    if (!envSafe) {
      analysis.raise("full", `setting ${assignments.map((a) => a.name).join(", ")} changes how commands run`);
      const text = command.assignments.map((a) => a.source).join(" ");
      r.subcommands.push({ argv: [text], text, envPrefix: "", envSafe: true, wrappedText: text });
    }
    return;
  }
  const text = joinSources(unwrapped.words);
  r.subcommands.push({
    argv: unwrapped.words.map((w) => w.value ?? w.source),
    text,
    envPrefix: command.assignments.map((a) => a.source).join(" "),
    envSafe,
    wrappedText: joinSources(command.words),
  });
  if (!envSafe) {
    analysis.raise(
      "full",
      `setting ${assignments.map((a) => a.name).join(", ")} changes how the command runs`,
    );
  }
  if (unwrapped.viaXargs)
    analysis.raise("full", "xargs takes its arguments from input the analysis can't see");

  const access = classifyCommand(unwrapped.words, ctx, options.home);
  r.readPaths.push(...access.reads);
  r.writePaths.push(...access.writes);
  r.recursiveReadPaths.push(...access.recursiveReads);
  analysis.raise(access.level, access.reason);
  if (access.cdTarget !== undefined && !cwds.includes(access.cdTarget)) cwds.push(access.cdTarget);

  await analyzeNested(
    unwrapped.words.map((w) => w.value),
    options,
    analysis,
    depth,
  );
}

/** `bash -c 'STRING'` and `eval WORDS`: parsed again so deny rules see the commands inside. */
async function analyzeNested(
  argv: ReadonlyArray<string | undefined>,
  options: ShellAnalysisOptions,
  analysis: Analysis,
  depth: number,
): Promise<void> {
  const [name, ...args] = argv;
  let inner: string | undefined;
  if (name === "eval" && args.every((a) => a !== undefined)) inner = args.join(" ");
  if (name !== undefined && NESTED_SHELLS.has(name)) {
    const c = args.findIndex((a) => a !== undefined && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a));
    if (c >= 0) inner = args[c + 1];
  }
  if (inner === undefined || depth >= MAX_NESTING) return;
  await analyzeInto(inner, options, analysis, depth + 1);
}

/**
 * Analyses a bash command with the tree-sitter bash grammar (loaded on first use): the simple
 * commands for `Bash(...)` rules, the paths it reads and writes for `Read`/`Edit` rules, and the
 * level it needs (see README "Shell analysis"). Never rejects for a bad command: what it can't
 * parse or see through makes the level `full`.
 */
export async function analyzeShellCommand(
  command: string,
  options: ShellAnalysisOptions,
): Promise<ShellAnalysis> {
  const opts = { ...options, cwd: resolve(options.cwd) };
  const analysis = new Analysis();
  if (command.length > MAX_COMMAND_LENGTH) {
    analysis.raise("full", `commands over ${MAX_COMMAND_LENGTH} characters are not analysed`);
    analysis.result.parseError = "command too long to analyse";
    return analysis.result;
  }
  if (command.trim() === "") {
    analysis.raise("full", "empty command");
    return analysis.result;
  }
  try {
    await analyzeInto(command, opts, analysis, 0);
  } catch (error) {
    // The grammar failed to load: nothing is known, so the command needs the full level.
    const message = error instanceof Error ? error.message : String(error);
    analysis.result.parseError = `the bash parser is unavailable: ${message}`;
    analysis.raise("full", analysis.result.parseError);
  }
  return analysis.result;
}
