import { type ShellWord, tokenizeShell } from "./tokenize-shell.js";

/** What a shell command needs: `read` for a few clearly read-only commands, else `full`. */
export type ShellCommandLevel = "read" | "full";

const MAX_CLASSIFIED_LENGTH = 10_000;

const READ_ONLY_COMMANDS = new Set([
  "ls",
  "cat",
  "pwd",
  "echo",
  "head",
  "tail",
  "wc",
  "grep",
  "rg",
  "find",
  "git",
  "cd",
]);
const READ_ONLY_GIT = new Set(["status", "log", "diff", "show"]);
/** find actions that run programs or write files. */
const FIND_WRITERS = new Set([
  "-exec",
  "-execdir",
  "-ok",
  "-okdir",
  "-delete",
  "-fprint",
  "-fprint0",
  "-fprintf",
  "-fls",
]);

/**
 * Conservative read-only classification of a shell command (the sandbox and a full analyser
 * come later). `read` only when every simple command of a `;`/`&&`/`||`/`|` list is one of
 * `ls cat pwd echo head tail wc grep rg find git(status|log|diff|show) cd`, with no expansions,
 * substitutions, env assignments, redirections other than to /dev/null, `find` actions that
 * write or execute, `rg --pre`, `git --output`/`--ext-diff`, or paths that could leave the
 * workspace (absolute, `~`, `..`). Symlinks inside the workspace are not followed (no I/O).
 * Everything else is `full`.
 */
export function classifyShellCommand(command: string): ShellCommandLevel {
  if (command.length > MAX_CLASSIFIED_LENGTH) return "full";
  const commands = tokenizeShell(command);
  if (commands === undefined || commands.length === 0) return "full";
  return commands.every(isReadOnlySimpleCommand) ? "read" : "full";
}

function isReadOnlySimpleCommand(words: ShellWord[]): boolean {
  const [name, ...args] = words;
  if (name === undefined || !READ_ONLY_COMMANDS.has(name.text) || name.unquotedGlob) return false;
  if (!args.every(staysInWorkspace)) return false;
  switch (name.text) {
    case "cd":
      return args.length === 1 && !(args[0] as ShellWord).text.startsWith("-");
    case "find":
      return args.every((a) => !a.unquotedGlob && !FIND_WRITERS.has(a.text));
    case "rg":
      return args.every((a) => !a.text.startsWith("--pre"));
    case "git": {
      const sub = args[0];
      if (sub === undefined || !READ_ONLY_GIT.has(sub.text)) return false;
      return args.every(
        (a) => !a.unquotedGlob && !a.text.startsWith("--output") && !a.text.startsWith("--ext-diff"),
      );
    }
    default:
      return true;
  }
}

/** Rejects arguments that could name something outside the workspace. */
function staysInWorkspace(word: ShellWord): boolean {
  const t = word.text;
  // `~` expands at the start of a word and after `=` or `:` (`HEAD~1` is fine).
  if (t.startsWith("/") || /(^|[=:])~/.test(t) || t.includes("=/")) return false;
  // Short option with an attached path, e.g. `-f/etc/passwd`.
  if (/^-[^-]/.test(t) && t.includes("/")) return false;
  if (t.split(/[/=]/).includes("..")) return false;
  // `.*` may match `..` in older shells.
  if (word.unquotedGlob && /(^|\/)\.[*?[]/.test(t)) return false;
  return true;
}
