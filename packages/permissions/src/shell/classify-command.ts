import { statSync } from "node:fs";
import { dirname, isAbsolute } from "node:path";
import { isInsideDirectory, resolveThroughSymlinks } from "../paths/path-scope.js";
import { builtinArgumentsRisk } from "./builtin-arguments.js";
import { Access, type Args, type CommandAccess, splitArgs } from "./command-access.js";
import {
  DANGEROUS_OPTIONS,
  READ_PATH_COMMANDS,
  READ_TEXT_COMMANDS,
  WRITE_PATH_COMMANDS,
} from "./command-catalog.js";
import { getopt, type OptionSpec } from "./getopt.js";
import { classifyGit } from "./git-command.js";
import { spellOutLongOptions } from "./long-options.js";
import { type PathContext, resolvePathWord } from "./path-arguments.js";
import { isSafeSedScript } from "./sed-script.js";
import type { ShellWord } from "./shell-words.js";

export type { CommandAccess } from "./command-access.js";

/** Recursive grep/diff: `-r`, `-R`, and `-d ACTION` in any spelling (`-d recurse` takes a separate value). */
const GREP_RECURSIVE =
  /^(-[a-zA-Z]*[rR][a-zA-Z]*|--recursive|--dereference-recursive|-[a-zA-Z]*d.*|--directories.*)$/;
const GREP_PATTERN_GIVEN = /^(-[a-zA-Z]*[ef]|--regexp|--file)/;

function classifyRead(name: string, args: Args, access: Access): CommandAccess {
  const dangerous = DANGEROUS_OPTIONS[name];
  if (dangerous !== undefined) {
    const hit = args.options.find((o) => dangerous.test(o));
    if (hit !== undefined) return access.full(`${name} ${hit} writes files or runs programs`);
  }
  if (args.dynamicOption !== undefined)
    return access.full(`${args.dynamicOption.source} is only known when the command runs`);
  for (const { word, value } of args.optionPaths) access.paths("read", word, value);
  let positional = args.positional;
  let recursive = false;
  if (name === "grep" || name === "egrep" || name === "fgrep" || name === "rg") {
    if (!args.options.some((o) => GREP_PATTERN_GIVEN.test(o))) positional = positional.slice(1);
    recursive = name === "rg" || args.options.some((o) => GREP_RECURSIVE.test(o));
  }
  if (name === "diff") recursive = args.options.some((o) => /^(-[a-zA-Z]*r[a-zA-Z]*|--recursive)$/.test(o));
  if (name === "uniq" && positional.length > 1) return access.full("uniq with two files writes the second");
  if (recursive && positional.length === 0) access.cwdRecursive();
  for (const word of positional) access.paths(recursive ? "recursive" : "read", word);
  return access.result;
}

const SED_OPTIONS: OptionSpec = {
  flags: "nrEsuzb",
  values: "efl",
  optional: "i",
  long: {
    "--expression": "required",
    "--file": "required",
    "--in-place": "optional",
    "--line-length": "required",
    "--quiet": "none",
    "--silent": "none",
    "--debug": "none",
    "--follow-symlinks": "none",
    "--null-data": "none",
    "--zero-terminated": "none",
    "--posix": "none",
    "--regexp-extended": "none",
    "--separate": "none",
    "--sandbox": "none",
    "--unbuffered": "none",
    "--binary": "none",
    "--help": "none",
    "--version": "none",
  },
  permute: true,
};

/** sed, read the way GNU sed reads its options (clusters, abbreviations, options after operands). */
function classifySed(words: readonly ShellWord[], access: Access): CommandAccess {
  const parsed = getopt(words, SED_OPTIONS);
  if (parsed.problem !== undefined) return access.full(`sed: ${parsed.problem}`);
  const scripts: Array<string | null> = [];
  let inPlace = false;
  for (const o of parsed.options) {
    if (o.name === "-e" || o.name === "--expression") scripts.push(o.value ?? null);
    else if (o.name === "-f" || o.name === "--file")
      return access.full("sed -f runs a script the analysis can't see");
    else if (o.name === "-i" || o.name === "--in-place") {
      inPlace = true;
      // `-i'../bak/*'`: the backup suffix may name a path (GNU sed writes the backup there).
      if (o.value === null || o.value?.includes("/"))
        return access.full(`sed ${o.word.source} writes a backup elsewhere`);
    }
  }
  let operands = parsed.operands;
  if (scripts.length === 0) {
    scripts.push(operands[0]?.value ?? null);
    operands = operands.slice(1);
  }
  if (!scripts.every((s) => s !== null && isSafeSedScript(s)))
    return access.full("the sed script may write files or run commands");
  for (const word of operands) access.paths(inPlace ? "write" : "read", word);
  return access.result;
}

function classifyWrite(name: string, args: Args, access: Access, ctx: PathContext): CommandAccess {
  if (args.dynamicOption !== undefined)
    return access.full(`${args.dynamicOption.source} is only known when the command runs`);
  for (const { word, value } of args.optionPaths) access.paths("write", word, value);
  const targetDirOption = args.options.some((o) => /^(-[a-zA-Z]*t|--target-directory)/.test(o));
  const lastIsTarget = (name === "cp" || name === "ln") && !targetDirOption;
  for (const [i, word] of args.positional.entries()) {
    const kind = lastIsTarget && i < args.positional.length - 1 ? "read" : "write";
    access.paths(kind, word);
  }
  if (name === "ln" && args.options.some((o) => /^(-[a-zA-Z]*s|--symbolic)/.test(o)))
    symlinkTargets(args, access, ctx);
  if (name === "rm" || name === "rmdir" || name === "mv") {
    const roots = ctx.workspaceRoots.map(resolveThroughSymlinks);
    const hitsRoot = access.result.writes.some((w) => {
      const real = resolveThroughSymlinks(w);
      return roots.some((root) => isInsideDirectory(root, real));
    });
    if (hitsRoot) return access.full(`${name} would remove or move a workspace root`);
  }
  return access.result;
}

/**
 * `ln -s TARGET… LINK`: a relative target is resolved from the link's directory, not the cwd
 * (`cd sub && ln -s ../x ../l` points `l` at the workspace's parent): checked from there too,
 * since a later command in the same call reads through the link before it exists.
 */
function symlinkTargets(args: Args, access: Access, ctx: PathContext): void {
  const link = args.positional.at(-1);
  if (args.positional.length < 2 || link === undefined) return;
  const resolved = resolvePathWord(link, ctx);
  const linkPath = resolved.ok ? resolved.paths[0] : undefined;
  if (linkPath === undefined) return;
  const linkDir = statSync(linkPath, { throwIfNoEntry: false })?.isDirectory() ? linkPath : dirname(linkPath);
  for (const target of args.positional.slice(0, -1)) {
    const value = target.value;
    if (value !== undefined && !isAbsolute(value)) access.paths("read", target, `${linkDir}/${value}`);
  }
}

/**
 * The level one simple command needs, with the paths it reads and writes. `words` starts with
 * the command name (wrappers already stripped). Unknown commands, dynamic names, paths outside
 * the workspace and options that run programs make it `full`.
 */
export function classifyCommand(words: readonly ShellWord[], ctx: PathContext, home: string): CommandAccess {
  const access = new Access(ctx);
  const [nameWord, ...rest] = words;
  const name = nameWord?.value;
  if (nameWord === undefined) return access.result;
  if (name === undefined)
    return access.full(`the command name ${nameWord.source} is only known when it runs`);
  if (nameWord.glob || name.includes("/")) return access.full(`${name} runs a program by path`);
  const args = splitArgs(rest, home);
  args.options = spellOutLongOptions(name, args.options);
  if (name === "cd") {
    const target = args.positional[0];
    if (args.positional.length !== 1 || args.options.length > 0 || target === undefined)
      return access.full("cd without exactly one directory leaves the workspace");
    if (target.value === "-") return access.full("cd - returns to a directory the analysis can't see");
    // Bash's `cd` is logical (`cd link/..` is the link's parent); the kernel's cwd is then that
    // directory's canonical form. Later commands may run in either.
    const dirs = access.paths("read", target).flatMap((d) => [d, resolveThroughSymlinks(d)]);
    if (access.result.level !== "full") access.result.cdTargets = [...new Set(dirs)];
    return access.result;
  }
  if (name === "env" || name === "command") {
    if (rest.length === 0) return access.result;
    if (name === "command" && args.options.every((o) => /^-[pvV]+$/.test(o)) && args.options.length > 0)
      return access.result;
    return access.full(`${name} with these arguments runs another program`);
  }
  const builtinRisk = builtinArgumentsRisk(name, rest);
  if (builtinRisk !== undefined) {
    access.result.hiddenCode = true;
    return access.full(builtinRisk);
  }
  if (READ_TEXT_COMMANDS.has(name)) {
    const dangerous = DANGEROUS_OPTIONS[name];
    const hit = dangerous === undefined ? undefined : args.options.find((o) => dangerous.test(o));
    if (hit !== undefined) return access.full(`${name} ${hit} changes the system or reads a file`);
    if (name === "hostname" && args.positional.length > 0)
      return access.full("hostname NAME sets the host name");
    return access.result;
  }
  if (READ_PATH_COMMANDS.has(name)) return classifyRead(name, args, access);
  if (name === "sed") return classifySed(rest, access);
  if (name === "git") return classifyGit(rest, access, ctx, home);
  if (WRITE_PATH_COMMANDS.has(name)) return classifyWrite(name, args, access, ctx);
  return access.full(`${name} is not a command the analysis knows to be safe`);
}
