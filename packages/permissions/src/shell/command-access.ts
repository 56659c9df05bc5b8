import type { PermissionLevel } from "../types.js";
import { firstOutside, type PathContext, resolvePathWord } from "./path-arguments.js";
import type { ShellWord } from "./shell-words.js";

/** What one simple command (wrappers stripped) needs. */
export interface CommandAccess {
  level: PermissionLevel;
  reads: string[];
  writes: string[];
  recursiveReads: string[];
  /** Repository roots whose objects git prints (history, index): no sandbox can hide a file there. */
  repositoryReads: string[];
  /** Why the level is `full`. */
  reason?: string;
  /** Its arguments hold code bash runs that no rule sees (`test -v 'a[$(…)]'`, `printf -v`). */
  hiddenCode?: boolean;
  /** `cd DIR`: the directories later commands may run in (logical and canonical). */
  cdTargets?: string[];
}

export interface Args {
  positional: ShellWord[];
  /** Option words, with `--opt=value` / `-ovalue` path candidates split off. */
  options: string[];
  optionPaths: Array<{ word: ShellWord; value: string }>;
  dynamicOption: ShellWord | undefined;
}

export function splitArgs(words: readonly ShellWord[], home: string): Args {
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

export class Access {
  readonly result: CommandAccess = {
    level: "read",
    reads: [],
    writes: [],
    recursiveReads: [],
    repositoryReads: [],
  };
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
