import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { PermissionLevel } from "./types.js";

/** Lexical containment: `path` is `dir` or below it. Both are resolved first; no I/O. */
export function isInsideDirectory(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Resolves symlinks in the longest existing prefix of `path`, so a link inside the workspace
 * that points outside is judged by its target. The missing tail (a file about to be created)
 * is appended unchanged.
 */
function realpathOfExistingPrefix(path: string): string {
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

/**
 * The level a file access needs: `read`/`write` inside the workspace, `full` outside it.
 * Symlinks are followed (for the existing part of the path).
 */
export function classifyPathAccess(
  path: string,
  options: { workspace: string; access: "read" | "write" },
): PermissionLevel {
  const inside = isInsideDirectory(
    realpathOfExistingPrefix(path),
    realpathOfExistingPrefix(options.workspace),
  );
  if (!inside) return "full";
  return options.access;
}
