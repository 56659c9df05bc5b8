import { resolve } from "node:path";
import type { PermissionLevel, ShellSubcommand } from "../types.js";
import { hasSyntaxError, parseBash } from "./bash-parser.js";
import { classifyCommand } from "./classify-command.js";
import { Access } from "./command-access.js";
import { HARMLESS_REDIRECT_TARGETS, isSafeEnvName } from "./command-catalog.js";
import { deferredCode, definesAliasesByAssignment, redefinesCommands } from "./deferred-code.js";
import { findEvaluatedCode } from "./evaluated-code.js";
import { firstOutside, type PathContext, resolvePathWord } from "./path-arguments.js";
import { type ShellAssignment, type SimpleCommand, walkCommands } from "./shell-syntax.js";
import type { ShellWord } from "./shell-words.js";
import { stripWrappers, type UnwrappedCommand } from "./strip-wrappers.js";
import { commandTemplate, findExecCommands, joinSources, type NestedOutcome } from "./subcommand-template.js";

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
  /** Directories read recursively (`grep -r`, `rg`, `git diff` over the whole tree). */
  recursiveReadPaths: string[];
  /**
   * Repository roots whose objects a git command prints (`git log -p`, `git show HEAD:x`, `git
   * grep`): a subset of `recursiveReadPaths` that a sandbox can't hide, since the contents come
   * from `.git`. Keep them guarded when the sandbox lifts the others.
   */
  repositoryReadPaths: string[];
  /** Why the level is what it is when it is `full` (first reason first). */
  reasons: string[];
  /** The parser could not read the whole command (the level is then `full`). */
  parseError?: string;
  /**
   * Some command's name is only known when it runs (`$(echo rm) -f x`, `$CMD x`, `"${X}" y`,
   * `eval "$X"`, `bash -c "$X"`): no `Bash(...)` rule can be checked against it, so keep it at
   * `full` even where a sandbox would bound it. Its subcommand has a `template`.
   */
  opaqueCommand?: boolean;
}

/** Commands longer than this are not analysed (Claude Code's limit too). */
const MAX_COMMAND_LENGTH = 10_000;
const MAX_NESTING = 3;

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
    repositoryReadPaths: [],
    reasons: [],
  };

  /** Why later words may name other commands (an alias definition, `enable`). */
  redefined: string | undefined;

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
  const evaluated = findEvaluatedCode(root);
  for (const reason of evaluated) analysis.raise("full", reason);
  const cwds = [options.cwd];
  const first = analysis.result.subcommands.length;
  for (const command of walk.commands) await analyzeCommand(command, cwds, options, analysis, depth);
  if (evaluated.length > 0) {
    // The code hidden there (`a[$(…)]`) runs commands no rule sees: any of these may be anything.
    for (const sub of analysis.result.subcommands.slice(first)) sub.template = [null];
    analysis.result.opaqueCommand = true;
  }
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
  const subcommandsBefore = r.subcommands.length;
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

  if (command.construct !== undefined) {
    // `[[ … ]]`, `(( … ))`: rules must cover them like any command (their risks are in findEvaluatedCode).
    const { kind, text } = command.construct;
    r.subcommands.push({
      argv: [text],
      text,
      envPrefix: "",
      envSafe: true,
      wrappedText: text,
      ...(kind === "unknown" ? { template: [null] } : {}),
    });
    return;
  }
  const unwrapped = stripWrappers(command.words);
  const assignments = [...command.assignments, ...unwrapped.envAssignments];
  const envSafe = assignmentsSafe(assignments);
  if (definesAliasesByAssignment(assignments.map((a) => a.name)))
    analysis.redefined ??= "BASH_ALIASES defines a command";
  if (command.words.length === 0) {
    // A bare `NAME=value`: harmless for known-safe names; `PATH=…` changes what later commands run.
    if (!envSafe) {
      analysis.raise("full", `setting ${assignments.map((a) => a.name).join(", ")} changes how commands run`);
      const text = command.assignments.map((a) => a.source).join(" ");
      r.subcommands.push({ argv: [text], text, envPrefix: "", envSafe: true, wrappedText: text });
    }
    return;
  }
  analysis.redefined ??= redefinesCommands(unwrapped.words);
  // Allow rules match `text`: they look past `timeout 5`, never past `sudo` or `su -c`.
  const text = joinSources(unwrapped.fullReasons.length > 0 ? command.words : unwrapped.words);
  const nested = await analyzeNested(unwrapped.words, options, analysis, depth);
  const access = classifyCommand(unwrapped.words, ctx, options.home);
  const template = commandTemplate(unwrapped, nested, access.hiddenCode === true);
  if (template?.[0] === null && nested !== "unseen-input") r.opaqueCommand = true;
  const subcommand: ShellSubcommand = {
    argv: unwrapped.words.map((w) => w.value ?? w.source),
    text,
    envPrefix: command.assignments.map((a) => a.source).join(" "),
    envSafe,
    wrappedText: joinSources(command.words),
    ...(template !== undefined ? { template } : {}),
  };
  // Nested commands were analysed first; this one goes before them, as it starts first.
  r.subcommands.splice(subcommandsBefore, 0, subcommand);
  for (const words of findExecCommands(unwrapped.words))
    await analyzeCommand({ assignments: [], words, redirects: [] }, [...cwds], options, analysis, depth);
  if (!envSafe) {
    analysis.raise(
      "full",
      `setting ${assignments.map((a) => a.name).join(", ")} changes how the command runs`,
    );
  }
  if (unwrapped.viaXargs)
    analysis.raise("full", "xargs takes its arguments from input the analysis can't see");
  if (unwrapped.hidden !== undefined) analysis.raise("full", unwrapped.hidden);
  for (const reason of unwrapped.fullReasons) analysis.raise("full", reason);
  wrapperPaths(unwrapped, ctx, analysis);

  r.readPaths.push(...access.reads);
  r.writePaths.push(...access.writes);
  r.recursiveReadPaths.push(...access.recursiveReads);
  r.repositoryReadPaths.push(...access.repositoryReads);
  analysis.raise(access.level, access.reason);
  for (const dir of access.cdTargets ?? []) if (!cwds.includes(dir)) cwds.push(dir);
}

/** Paths the wrappers themselves touch (`flock FILE`, `time -o FILE`, `xargs -a FILE`). */
function wrapperPaths(unwrapped: UnwrappedCommand, ctx: PathContext, analysis: Analysis): void {
  if (unwrapped.paths.length === 0) return;
  const access = new Access(ctx);
  for (const p of unwrapped.paths) access.paths(p.kind, p.word, p.value);
  analysis.result.readPaths.push(...access.result.reads);
  analysis.result.writePaths.push(...access.result.writes);
  analysis.raise(access.result.level, access.result.reason);
}

/** Code written as text (`bash -c 'STRING'`, `eval WORDS`, `trap 'STRING' EXIT`): parsed again. */
async function analyzeNested(
  words: readonly ShellWord[],
  options: ShellAnalysisOptions,
  analysis: Analysis,
  depth: number,
): Promise<NestedOutcome> {
  const deferred = deferredCode(words);
  if (deferred.kind !== "code") return deferred.kind;
  if (depth >= MAX_NESTING) return "unseen";
  await analyzeInto(deferred.code, options, analysis, depth + 1);
  return "seen";
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
    if (analysis.redefined !== undefined) {
      // Alias expansion (or a loaded builtin) may turn any later word into another command.
      analysis.raise("full", analysis.redefined);
      for (const sub of analysis.result.subcommands) sub.template = [null];
      analysis.result.opaqueCommand = true;
    }
  } catch (error) {
    // The grammar failed to load: nothing is known, so the command needs the full level.
    const message = error instanceof Error ? error.message : String(error);
    analysis.result.parseError = `the bash parser is unavailable: ${message}`;
    analysis.raise("full", analysis.result.parseError);
  }
  return analysis.result;
}
