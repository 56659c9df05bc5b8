/**
 * What the shell analysis knows about commands: which only read, which only touch the paths
 * they are given, and which environment variables are harmless.
 */

/** Read-only commands whose non-option arguments may be paths (each must stay in the workspace). */
export const READ_PATH_COMMANDS = new Set([
  "ls",
  "cat",
  "head",
  "tail",
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "find",
  "wc",
  "diff",
  "stat",
  "du",
  "file",
  "tree",
  "sort",
  "uniq",
  "cut",
  "realpath",
  "readlink",
  "nl",
  "md5sum",
  "sha1sum",
  "sha256sum",
  "cmp",
]);

/** Read-only commands whose arguments are not paths (text, names, expressions). */
export const READ_TEXT_COMMANDS = new Set([
  "echo",
  "printf",
  "pwd",
  "true",
  "false",
  ":",
  "which",
  "type",
  "whoami",
  "id",
  "basename",
  "dirname",
  "printenv",
  "date",
  "tr",
  "test",
  "[",
  "[[",
  "uname",
  "hostname",
  "seq",
  "sleep",
  "export",
  "declare",
  "local",
  "readonly",
  "typeset",
  "unset",
]);

/** Simple file commands: `write` when every path they name is inside the workspace. */
export const WRITE_PATH_COMMANDS = new Set(["mkdir", "touch", "rm", "rmdir", "mv", "cp", "ln"]);

/** Options that make an otherwise read-only command write or run something. */
export const DANGEROUS_OPTIONS: Record<string, RegExp> = {
  find: /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/,
  // --pre and --hostname-bin run a program; -z runs decompressors; -L follows links outside.
  rg: /^(--pre(=|$)|--hostname-bin|--search-zip|--follow|-[a-zA-Z]*[zL])/,
  // -R follows symlinks (a link in the workspace to a directory outside is read).
  grep: /^(-[a-zA-Z]*R|--dereference-recursive)/,
  egrep: /^(-[a-zA-Z]*R|--dereference-recursive)/,
  fgrep: /^(-[a-zA-Z]*R|--dereference-recursive)/,
  // -T puts temporary files in a directory of its choosing.
  sort: /^(-[a-zA-Z]*[oT]|--output|--compress-program|--temporary-directory)/,
  // -R runs tree again in each directory with `-o 00Tree.html`.
  tree: /^(-[a-zA-Z]*[oR]|--output)/,
  // -f FILE prints each unparsable line of FILE in its error message.
  date: /^(-[a-zA-Z]*[sf]|--set|--file)/,
  hostname: /^(-[a-zA-Z]*[Fb]|--file|--boot)/,
  file: /^(-[a-zA-Z]*C|--compile)/,
  diff: /^(-[a-zA-Z]*R|--dereference)/,
};

/** `git` subcommands that only read. */
export const READ_ONLY_GIT = new Set([
  "status",
  "log",
  "diff",
  "show",
  "branch",
  "rev-parse",
  "ls-files",
  "blame",
  "grep",
  "describe",
  "shortlog",
  "cat-file",
  "ls-tree",
]);

/** git log/diff options that print file contents (patches, pickaxe searches, line history). */
export const GIT_CONTENT_OPTIONS =
  /^(-[a-zA-Z]*[puLGSWUc][a-zA-Z0-9]*|--patch.*|--unified.*|--pickaxe.*|--word-diff.*|--color-words.*|--cc|--dd|--full-diff|--binary|--textconv|--function-context|--diff-merges.*|--remerge-diff|--find-object.*)$/;

/** git diff/show options that print names or counts instead of the patch. */
export const GIT_NO_PATCH_OPTIONS =
  /^(-s|--no-patch|--stat.*|--numstat|--shortstat|--name-only|--name-status|--raw|--summary|--dirstat.*|--quiet)$/;

/** git options that write a file, run a program or open a pager command. */
export const GIT_DANGEROUS_OPTIONS =
  /^(--output|--ext-diff|-O|--open-files-in-pager|--exec|--upload-pack|--receive-pack)/;

/** `git branch` options that only list. */
export const GIT_BRANCH_LIST =
  /^(-a|-r|-l|-v|-vv|--list|--all|--remotes|--verbose|--show-current|--no-color|--color(=.*)?|--sort=.*|--format=.*|--contains|--no-contains|--merged|--no-merged|--points-at|--column|--no-column)$/;

/** git global options (before the subcommand) that are harmless; `-C`, `--git-dir`, `--work-tree` take paths. */
export const GIT_HARMLESS_GLOBAL =
  /^(--no-pager|-P|--no-optional-locks|--literal-pathspecs|--no-replace-objects|--bare)$/;

/** Environment variables that change no program's behaviour in a way that matters for safety. */
const SAFE_ENV = new Set([
  "NODE_ENV",
  "CI",
  "LANG",
  "LANGUAGE",
  "TZ",
  "FORCE_COLOR",
  "NO_COLOR",
  "DEBUG",
  "TERM",
  "COLUMNS",
  "LINES",
  "RUST_BACKTRACE",
  "RUST_LOG",
  "PYTHONUNBUFFERED",
  "PYTHONDONTWRITEBYTECODE",
]);

export function isSafeEnvName(name: string): boolean {
  return SAFE_ENV.has(name) || name.startsWith("LC_");
}

/** Shells whose `-c` string and `eval` whose arguments are parsed again for deny/ask rules. */
export const NESTED_SHELLS = new Set(["bash", "sh", "zsh", "dash", "ksh"]);

/** Targets of output redirection that are never files. */
export const HARMLESS_REDIRECT_TARGETS = /^\/dev\/(null|stdout|stderr|fd\/[0-9]+)$/;
