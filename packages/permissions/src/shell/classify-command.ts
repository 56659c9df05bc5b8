import { isInsideDirectory, resolveThroughSymlinks } from "../paths/path-scope.js";
import type { PermissionLevel } from "../types.js";
import {
  DANGEROUS_OPTIONS,
  GIT_BRANCH_LIST,
  GIT_DANGEROUS_OPTIONS,
  GIT_HARMLESS_GLOBAL,
  READ_ONLY_GIT,
  READ_PATH_COMMANDS,
  READ_TEXT_COMMANDS,
  WRITE_PATH_COMMANDS,
} from "./command-catalog.js";
import { firstOutside, type PathContext, resolvePathWord } from "./path-arguments.js";
import { isSafeSedScript } from "./sed-script.js";
import type { ShellWord } from "./shell-words.js";

/** What one simple command (wrappers stripped) needs. */
export interface CommandAccess {
  level: PermissionLevel;
  reads: string[];
  writes: string[];
  recursiveReads: string[];
  /** Why the level is `full`. */
  reason?: string;
  /** `cd DIR`: the directory later commands may run in. */
  cdTarget?: string;
}

interface Args {
  positional: ShellWord[];
  /** Option words, with `--opt=value` / `-ovalue` path candidates split off. */
  options: string[];
  optionPaths: Array<{ word: ShellWord; value: string }>;
  dynamicOption: ShellWord | undefined;
}

function splitArgs(words: readonly ShellWord[], home: string): Args {
  const args: Args = { positional: [], options: [], optionPaths: [], dynamicOption: undefined };
  let afterDashes = false;
  for (const word of words) {
    const v = word.value;
    if (afterDashes) {
      args.positional.push(word);
    } else if (v === undefined) {
      // A word that may expand to an option is unknown either way; keep it positional.
      if (word.source.startsWith("-")) args.dynamicOption = word;
      else args.positional.push(word);
    } else if (v === "--") {
      afterDashes = true;
    } else if (v.startsWith("-") && v !== "-") {
      args.options.push(v);
      const eq = v.indexOf("=");
      if (eq > 0) {
        const value = v.slice(eq + 1).replace(/^~(?=\/|$)/, home);
        args.optionPaths.push({ word, value });
      } else if (!v.startsWith("--") && v.length > 2 && /[/~.]/.test(v.slice(2))) {
        args.optionPaths.push({ word, value: v.slice(2).replace(/^~(?=\/|$)/, home) });
      }
    } else {
      args.positional.push(word);
    }
  }
  return args;
}

class Access {
  readonly result: CommandAccess = { level: "read", reads: [], writes: [], recursiveReads: [] };
  readonly #ctx: PathContext;

  constructor(ctx: PathContext) {
    this.#ctx = ctx;
  }

  full(reason: string): CommandAccess {
    if (this.result.level !== "full") this.result.reason = reason;
    this.result.level = "full";
    return this.result;
  }

  /** Records paths; a path outside the workspace (or unknown) makes the command `full`. */
  paths(kind: "read" | "write" | "recursive", word: ShellWord, value?: string): string[] {
    const resolved = resolvePathWord(word, this.#ctx, value ?? word.value);
    if (!resolved.ok) {
      this.full(resolved.reason);
      return [];
    }
    if (kind === "write") this.result.writes.push(...resolved.paths);
    else this.result.reads.push(...resolved.paths);
    if (kind === "recursive") this.result.recursiveReads.push(...resolved.paths);
    const outside = firstOutside(resolved.paths, this.#ctx);
    if (outside !== undefined) this.full(`${outside} is outside the workspace`);
    else if (kind === "write" && this.result.level === "read") this.result.level = "write";
    return resolved.paths;
  }

  /** The cwd as a recursive read root (`rg foo`, `grep -r foo`). */
  cwdRecursive(): void {
    for (const cwd of this.#ctx.cwds) {
      this.result.reads.push(cwd);
      this.result.recursiveReads.push(cwd);
    }
  }
}

const GREP_RECURSIVE =
  /^(-[a-zA-Z]*[rR][a-zA-Z]*|--recursive|--dereference-recursive|--directories=recurse)$/;
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
  if (name === "uniq" && positional.length > 1) return access.full("uniq with two files writes the second");
  if (recursive && positional.length === 0) access.cwdRecursive();
  for (const word of positional) access.paths(recursive ? "recursive" : "read", word);
  return access.result;
}

function classifySed(args: Args, access: Access): CommandAccess {
  if (args.dynamicOption !== undefined)
    return access.full(`${args.dynamicOption.source} is only known when the command runs`);
  const scripts: string[] = [];
  let positional = args.positional;
  for (const o of args.options) {
    const m = /^(?:-e|--expression=)(.*)$/s.exec(o);
    if (m !== null && m[1] !== "") scripts.push(m[1] as string);
    if (/^(-[a-zA-Z]*f|--file)/.test(o)) return access.full("sed -f runs a script the analysis can't see");
  }
  // `-e SCRIPT` with a separate value: the value was taken as a positional word.
  const separateE = args.options.filter((o) => o === "-e" || o === "--expression").length;
  if (separateE > 0) {
    scripts.push(...positional.slice(0, separateE).map((w) => w.value ?? "\u0000"));
    positional = positional.slice(separateE);
  } else if (scripts.length === 0) {
    scripts.push(positional[0]?.value ?? "\u0000");
    positional = positional.slice(1);
  }
  if (!scripts.every(isSafeSedScript)) return access.full("the sed script may write files or run commands");
  const inPlace = args.options.some((o) => /^(-[a-zA-Z]*i|--in-place)/.test(o));
  for (const word of positional) access.paths(inPlace ? "write" : "read", word);
  return access.result;
}

function classifyGit(
  words: readonly ShellWord[],
  access: Access,
  ctx: PathContext,
  home: string,
): CommandAccess {
  let i = 0;
  const gitCwds: string[] = [...ctx.cwds];
  for (; i < words.length; i++) {
    const v = words[i]?.value;
    if (v === undefined) return access.full(`${words[i]?.source} is only known when the command runs`);
    if (!v.startsWith("-")) break;
    if (v === "-C" || v === "--git-dir" || v === "--work-tree") {
      const dir = words[i + 1];
      if (dir === undefined) return access.full(`git ${v} needs a value`);
      gitCwds.push(...access.paths("read", dir));
      i++;
    } else if (/^--(git-dir|work-tree)=/.test(v)) {
      access.paths("read", words[i] as ShellWord, v.slice(v.indexOf("=") + 1).replace(/^~(?=\/|$)/, home));
    } else if (!GIT_HARMLESS_GLOBAL.test(v)) {
      return access.full(`git ${v} may change what git runs`);
    }
  }
  const sub = words[i]?.value;
  if (sub === undefined || !READ_ONLY_GIT.has(sub))
    return access.full(`git ${sub ?? ""} is not a read-only git command`);
  const rest = words.slice(i + 1);
  const args = splitArgs(rest, home);
  if (args.dynamicOption !== undefined)
    return access.full(`${args.dynamicOption.source} is only known when the command runs`);
  const bad = args.options.find((o) => GIT_DANGEROUS_OPTIONS.test(o));
  if (bad !== undefined) return access.full(`git ${sub} ${bad} writes files or runs programs`);
  if (sub === "branch" && (args.positional.length > 0 || !args.options.every((o) => GIT_BRANCH_LIST.test(o))))
    return access.full("git branch with these arguments changes branches");
  for (const { word, value } of args.optionPaths) access.paths("read", word, value);
  // Revisions and paths look alike; resolved from every directory git may run in.
  const gitAccess = new Access({ cwds: gitCwds, workspaceRoots: ctx.workspaceRoots });
  for (const word of args.positional) gitAccess.paths("read", word);
  access.result.reads.push(...gitAccess.result.reads);
  if (gitAccess.result.level === "full")
    return access.full(gitAccess.result.reason ?? "git reads outside the workspace");
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
  if (name === "cd") {
    const target = args.positional[0];
    if (args.positional.length !== 1 || args.options.length > 0 || target === undefined)
      return access.full("cd without exactly one directory leaves the workspace");
    const [dir] = access.paths("read", target);
    if (dir !== undefined && access.result.level !== "full") access.result.cdTarget = dir;
    return access.result;
  }
  if (name === "env" || name === "command") {
    if (rest.length === 0) return access.result;
    if (name === "command" && args.options.every((o) => /^-[pvV]+$/.test(o)) && args.options.length > 0)
      return access.result;
    return access.full(`${name} with these arguments runs another program`);
  }
  if (READ_TEXT_COMMANDS.has(name)) {
    const dangerous = DANGEROUS_OPTIONS[name];
    const hit = dangerous === undefined ? undefined : args.options.find((o) => dangerous.test(o));
    return hit === undefined ? access.result : access.full(`${name} ${hit} changes the system`);
  }
  if (READ_PATH_COMMANDS.has(name)) return classifyRead(name, args, access);
  if (name === "sed") return classifySed(args, access);
  if (name === "git") return classifyGit(rest, access, ctx, home);
  if (WRITE_PATH_COMMANDS.has(name)) return classifyWrite(name, args, access, ctx);
  return access.full(`${name} is not a command the analysis knows to be safe`);
}
