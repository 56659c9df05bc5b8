import { glob, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";

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

/**
 * Files under `base` matching `pattern` (Node's glob: `*` stays in one directory, `**` crosses
 * them, `{a,b}` alternates; wildcards don't match dotfiles), sorted newest first. `.git` and
 * `node_modules` are pruned unless the pattern names them. Directories are not returned.
 */
export async function findFiles(
  pattern: string,
  base: string,
  limit: number,
  signal: AbortSignal,
): Promise<FindFilesResult> {
  const named = SKIPPED_DIRECTORIES.filter((dir) => pattern.split(/[/\\]/).includes(dir));
  const skipped = SKIPPED_DIRECTORIES.filter((dir) => !named.includes(dir));
  const isSkipped = (path: string) =>
    relative(base, path)
      .split(sep)
      .some((part) => skipped.includes(part));
  const found: FoundFile[] = [];
  const entries = glob(pattern, {
    cwd: base,
    withFileTypes: true,
    exclude: (entry) => typeof entry !== "string" && entry.isDirectory() && skipped.includes(entry.name),
  });
  for await (const entry of entries) {
    if (signal.aborted) throw new Error("Glob was interrupted.");
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory() || isSkipped(path)) continue;
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
