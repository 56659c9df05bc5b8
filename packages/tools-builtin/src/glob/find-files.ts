import { glob, realpath, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, sep } from "node:path";

/** Directories Glob never descends into unless the pattern names them. */
const SKIPPED_DIRECTORIES = [".git", "node_modules"];

export interface FoundFile {
  path: string;
  mtimeMs: number;
}

export interface FindFilesResult {
  /** Newest first (ties by path), at most `limit`. */
  files: FoundFile[];
  /** Files that matched in total. */
  total: number;
}

export interface FindFilesOptions {
  /** Matched below `base`; no `..` components. */
  pattern: string;
  /** Canonical directory searched. */
  base: string;
  /** Most files returned. */
  limit: number;
  signal: AbortSignal;
  /** The model's whole pattern, static prefix included: naming `node_modules` there counts. */
  patternAsWritten?: string;
}

/**
 * Files under `base` matching `pattern` (Node's glob: `*` stays in one directory, `**` crosses
 * them, `{a,b}` alternates; wildcards don't match dotfiles), sorted newest first. `.git` and
 * `node_modules` are pruned unless the pattern names them. Directories are not returned.
 * `base` must be canonical: a match is returned only when it lies below `base` both as a path
 * and physically (the directory listed, symlinks resolved), so neither `..` nor a symlinked
 * directory inside `base` reaches files elsewhere.
 */
export async function findFiles(options: FindFilesOptions): Promise<FindFilesResult> {
  const { pattern, base, limit, signal } = options;
  const named = SKIPPED_DIRECTORIES.filter((dir) =>
    (options.patternAsWritten ?? pattern).split(/[/\\]/).includes(dir),
  );
  const skipped = SKIPPED_DIRECTORIES.filter((dir) => !named.includes(dir));
  const isSkipped = (path: string) =>
    relative(base, path)
      .split(sep)
      .some((part) => skipped.includes(part));
  const inside = (path: string) => {
    const rel = relative(base, path);
    return rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  };
  const realDirs = new Map<string, Promise<boolean>>();
  const physicallyInside = (dir: string) => {
    let answer = realDirs.get(dir);
    if (answer === undefined) {
      answer = realpath(dir).then(inside, () => false);
      realDirs.set(dir, answer);
    }
    return answer;
  };
  const found: FoundFile[] = [];
  const entries = glob(pattern, {
    cwd: base,
    withFileTypes: true,
    exclude: (entry) => typeof entry !== "string" && entry.isDirectory() && skipped.includes(entry.name),
  });
  for await (const entry of entries) {
    if (signal.aborted) throw new Error("Glob was interrupted.");
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory() || !inside(path) || isSkipped(path)) continue;
    if (!(await physicallyInside(dirname(path)))) continue;
    try {
      // stat follows a symlink: a link to a file counts, a link to a directory doesn't.
      const info = await stat(path);
      if (info.isFile()) found.push({ path, mtimeMs: info.mtimeMs });
    } catch {
      // Vanished or dangling: not a file any more.
    }
  }
  found.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: found.slice(0, limit), total: found.length };
}
