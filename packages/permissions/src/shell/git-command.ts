import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { Access, type CommandAccess, splitArgs } from "./command-access.js";
import {
  GIT_BRANCH_LIST,
  GIT_CONTENT_OPTIONS,
  GIT_DANGEROUS_OPTIONS,
  GIT_HARMLESS_GLOBAL,
  GIT_NO_PATCH_OPTIONS,
  READ_ONLY_GIT,
} from "./command-catalog.js";
import { spellOutLongOptions } from "./long-options.js";
import type { PathContext } from "./path-arguments.js";
import type { ShellWord } from "./shell-words.js";

/**
 * Subcommands that print file contents from the object store (history, index, stashes), where
 * a sandbox can't hide a file a Read rule denies: `always` whatever the options, `options` only
 * with a patch option (`git log -p`). `archive` and `format-patch` also write, so they stay
 * `full`; their reads still count for Read rules.
 */
const CONTENT_SUBCOMMANDS: Record<string, "always" | "options"> = {
  show: "always",
  diff: "always",
  "diff-tree": "options",
  "diff-index": "options",
  "diff-files": "options",
  grep: "always",
  blame: "always",
  annotate: "always",
  "cat-file": "always",
  archive: "always",
  "format-patch": "always",
  log: "options",
  whatchanged: "options",
  reflog: "options",
  stash: "options",
  "range-diff": "always",
};

/** The repository containing `dir` (the nearest ancestor with `.git`), or `dir` itself. */
function repositoryRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return dir;
  }
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** `REV:path`, `:path`, `:N:path` → the path (relative to the repo root, or the cwd with `./`). */
function revisionPath(value: string): string | undefined {
  if (value.startsWith(":/")) return undefined; // `:/text`: the commit whose message matches
  const m = /^(?::[0-3]:|[^:]*:)(.*)$/s.exec(value);
  return m === null ? undefined : (m[1] as string);
}

/**
 * `git [global options] SUBCOMMAND …`. Read-only subcommands are `read` when every path is in
 * the workspace; `-c`, `--exec-path=…`, `-C`/`--git-dir` outside and write or exec options make
 * it `full`. Whatever the level, subcommands that print contents count as reads for Read rules:
 * `REV:path` reads `path`; over the whole tree (no pathspec) they read the repository root
 * recursively, so a Read deny anywhere in it needs approval.
 */
export function classifyGit(
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
  const rest = words.slice(i + 1);
  const args = splitArgs(rest, home);
  if (sub !== undefined) args.options = spellOutLongOptions(`git ${sub}`, args.options);
  if (sub !== undefined)
    contentReads(sub, args, rest, access, { cwds: gitCwds, workspaceRoots: ctx.workspaceRoots });
  if (sub === undefined || !READ_ONLY_GIT.has(sub))
    return access.full(`git ${sub ?? ""} is not a read-only git command`);
  if (args.dynamicOption !== undefined)
    return access.full(`${args.dynamicOption.source} is only known when the command runs`);
  const bad = args.options.find((o) => GIT_DANGEROUS_OPTIONS.test(o));
  if (bad !== undefined) return access.full(`git ${sub} ${bad} writes files or runs programs`);
  if (sub === "branch" && (args.positional.length > 0 || !args.options.every((o) => GIT_BRANCH_LIST.test(o))))
    return access.full("git branch with these arguments changes branches");
  for (const { word, value } of args.optionPaths) access.paths("read", word, value);
  // Revisions and paths look alike; resolved from every directory git may run in.
  const gitAccess = new Access({ cwds: gitCwds, workspaceRoots: ctx.workspaceRoots });
  for (const word of args.positional) {
    if (revisionPath(word.value ?? "") === undefined) gitAccess.paths("read", word);
  }
  access.result.reads.push(...gitAccess.result.reads);
  if (gitAccess.result.level === "full")
    return access.full(gitAccess.result.reason ?? "git reads outside the workspace");
  return access.result;
}

/** Records what a content-printing subcommand reads (see `classifyGit`). */
function contentReads(
  sub: string,
  args: ReturnType<typeof splitArgs>,
  rest: readonly ShellWord[],
  access: Access,
  ctx: PathContext,
): void {
  const kind = CONTENT_SUBCOMMANDS[sub];
  if (kind === undefined) return;
  const patch = args.options.some((o) => GIT_CONTENT_OPTIONS.test(o));
  if (kind === "options" && !patch) return;
  const namesOnly = args.options.some((o) => GIT_NO_PATCH_OPTIONS.test(o));
  if (
    (sub === "diff" || sub === "show") &&
    namesOnly &&
    !patch &&
    args.positional.every((w) => revisionPath(w.value ?? "") === undefined)
  )
    return;
  const dashes = rest.findIndex((w) => w.value === "--");
  // `git grep PATTERN`: the first word is the pattern unless -e/-f gave it.
  const patternFirst =
    sub === "grep" && !args.options.some((o) => /^(-[a-zA-Z]*[ef]$|--regexp|--file)/.test(o));
  let positional = args.positional.filter((w) => dashes === -1 || rest.indexOf(w) < dashes);
  if (patternFirst) positional = positional.slice(1);
  const pathspecs = args.positional.filter((w) => dashes !== -1 && rest.indexOf(w) > dashes);
  let wholeTree = args.dynamicOption !== undefined;
  const roots = [...new Set(ctx.cwds.map(repositoryRoot))];
  for (const word of positional) {
    const value = word.value;
    const inRev = value === undefined ? undefined : revisionPath(value);
    if (value === undefined) {
      wholeTree = true;
    } else if (inRev !== undefined) {
      // `HEAD:.env` is `.env` at the repository root; `HEAD:./x` is relative to the cwd.
      const bases = /^\.\.?(\/|$)/.test(inRev) ? ctx.cwds : roots;
      for (const base of bases) {
        const target = inRev === "" ? base : `${base}/${inRev}`;
        const [path] = access.paths("read", word, target);
        if (path !== undefined && isDirectory(path)) access.paths("recursive", word, target);
      }
    } else if (ctx.cwds.some((cwd) => existsSync(join(cwd, value)))) {
      // An existing path without `--`: git takes it as a pathspec.
      pathspecs.push(word);
    } else wholeTree = true; // a revision: its whole tree
  }
  if (positional.length === 0 && pathspecs.length === 0) wholeTree = true;
  if (sub === "blame" || sub === "annotate") wholeTree = args.dynamicOption !== undefined;
  for (const word of pathspecs) {
    const paths = access.paths("read", word);
    for (const p of paths) if (isDirectory(p)) access.result.recursiveReads.push(p);
  }
  if (wholeTree && (pathspecs.length === 0 || sub === "cat-file")) {
    for (const root of roots) {
      access.result.reads.push(root);
      access.result.recursiveReads.push(root);
      access.result.repositoryReads.push(root);
    }
  }
}
