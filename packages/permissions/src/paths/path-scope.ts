import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { PermissionLevel } from "../types.js";

/** Lexical containment: `path` is `dir` or below it. Both are resolved first; no I/O. */
export function isInsideDirectory(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Resolves symlinks in the longest existing prefix of `path`, so a link inside the workspace
 * that points outside is judged by its target. The missing tail (a file about to be created)
 * is appended unchanged, after its nearest existing parent was resolved.
 */
export function resolveThroughSymlinks(path: string): string {
  let current = resolve(path);
  const tail: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(current), ...tail);
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      tail.unshift(basename(current));
      current = parent;
    }
  }
}

function asList(workspace: string | readonly string[]): readonly string[] {
  return typeof workspace === "string" ? [workspace] : workspace;
}

/**
 * True when `path`, with its symlinks resolved, lies inside one of the workspace roots (also
 * resolved). Lexically inside but linked outside counts as outside.
 */
export function isInsideWorkspace(path: string, workspace: string | readonly string[]): boolean {
  const real = resolveThroughSymlinks(path);
  return asList(workspace).some((root) => isInsideDirectory(real, resolveThroughSymlinks(root)));
}

/**
 * The level a file access needs: `read`/`write` inside the workspace (the cwd and any
 * `--add-dir` roots), `full` outside it. Symlinks are followed (for the existing part of the path).
 */
export function classifyPathAccess(
  path: string,
  options: { workspace: string | readonly string[]; access: "read" | "write" },
): PermissionLevel {
  return isInsideWorkspace(path, options.workspace) ? options.access : "full";
}
