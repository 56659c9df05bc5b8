import { NESTED_SHELLS } from "./command-catalog.js";
import { getopt } from "./getopt.js";
import type { ShellWord } from "./shell-words.js";

/**
 * Code a command runs that is written as text, not as commands: `eval WORDS`, `bash -c STRING`,
 * `trap STRING SIGNAL`, `mapfile -C STRING`. `code` is parsed again so rules see what runs;
 * `unseen` when the code is only known at run time (`eval "$X"`), `unseen-input` when it comes
 * from elsewhere (a script file, stdin, `source`), `none` when the command runs no such code.
 */
export type DeferredCode =
  | { kind: "none" }
  | { kind: "code"; code: string }
  | { kind: "unseen" }
  | { kind: "unseen-input" };

const NONE: DeferredCode = { kind: "none" };
const UNSEEN: DeferredCode = { kind: "unseen" };

function code(text: string | undefined): DeferredCode {
  return text === undefined ? UNSEEN : { kind: "code", code: text };
}

/** `trap [--] ACTION SIGNAL…`: ACTION runs when the signal (or EXIT, ERR, DEBUG, RETURN) comes. */
function trapAction(args: ReadonlyArray<string | undefined>): DeferredCode {
  let rest = args;
  if (rest[0] === "--") rest = rest.slice(1);
  const first = rest[0];
  if (first !== undefined && /^-[lpP]+$/.test(first)) return NONE;
  // One word (or `-`) resets the signals; `trap '' SIG` ignores them.
  if (rest.length < 2 || first === "-" || first === "") return NONE;
  return code(first);
}

/** `mapfile`/`readarray -C CALLBACK`: CALLBACK is evaluated every `-c` lines. */
function mapfileCallback(words: readonly ShellWord[]): DeferredCode {
  const parsed = getopt(words, { flags: "t", values: "dnOsuCc" });
  if (parsed.problem !== undefined) return UNSEEN;
  const callback = parsed.options.find((o) => o.name === "-C");
  if (callback === undefined) return NONE;
  return code(callback.value ?? undefined);
}

/** `let EXPR…`: arithmetic, where a subscript (`a[$(…)]`) runs commands. */
function letExpressions(args: ReadonlyArray<string | undefined>): DeferredCode {
  return args.every((a) => a !== undefined && !/[[$`]/.test(a)) ? NONE : UNSEEN;
}

/** The code `words` (a command, wrappers stripped) runs from text. */
export function deferredCode(words: readonly ShellWord[]): DeferredCode {
  const argv = words.map((w) => w.value);
  const [name, ...args] = argv;
  if (name === "source" || name === ".") return { kind: "unseen-input" };
  if (name === "eval")
    return args.every((a) => a !== undefined) ? { kind: "code", code: args.join(" ") } : UNSEEN;
  if (name === "trap") return trapAction(args);
  if (name === "mapfile" || name === "readarray") return mapfileCallback(words.slice(1));
  if (name === "let") return letExpressions(args);
  if (name !== undefined && NESTED_SHELLS.has(name)) {
    const c = args.findIndex((a) => a !== undefined && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a));
    if (c < 0) return { kind: "unseen-input" };
    return code(args[c + 1]);
  }
  return NONE;
}

/**
 * Whether the command makes later words mean something else: an alias definition (`alias
 * r=rm`, `BASH_ALIASES[r]=rm` is an assignment, see `definesAliasesByAssignment`), `shopt -s
 * expand_aliases`, or `enable` (loads or disables builtins). After it any command may be another.
 */
export function redefinesCommands(words: readonly ShellWord[]): string | undefined {
  const [name, ...args] = words.map((w) => w.value);
  if (name === "alias") {
    if (args.some((a) => a === undefined || a.includes("="))) return "alias defines a command";
  } else if (name === "shopt") {
    if (args.some((a) => a === undefined || a === "expand_aliases"))
      return "shopt may turn on alias expansion";
  } else if (name === "enable") {
    if (args.some((a) => a === undefined || !/^-[aps]+$/.test(a)))
      return "enable loads or turns off builtins";
  } else if (name === "set") {
    // POSIX mode expands aliases in scripts too.
    if (args.some((a) => a === undefined || a === "posix")) return "set -o posix turns on alias expansion";
  }
  return undefined;
}

/** `BASH_ALIASES[name]=value` defines an alias too. */
export function definesAliasesByAssignment(names: readonly string[]): boolean {
  return names.some((n) => n === "BASH_ALIASES" || n.startsWith("BASH_ALIASES["));
}
