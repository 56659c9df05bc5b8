import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { PermissionLevel } from "../types.js";
import { canonicalPath } from "./canonical-path.js";

/** Lexical containment: `path` is `dir` or below it. Both are resolved first; no I/O. */
export function isInsideDirectory(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * `canonicalPath(path)` that never throws: symlinks and `..` resolved component by component,
 * so a link inside the workspace that points outside is judged by its target. A path in a
 * symlink loop (which nothing can open) is returned lexically resolved.
 */
export function resolveThroughSymlinks(path: string): string {
  try {
    return canonicalPath(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The forms of an absolute path a rule or a scope check must see: as named (lexically
 * resolved), with its parent canonical and the last component as named (the symlink itself),
 * and fully canonical (what the kernel opens). Deny rules match any form; allow rules need all.
 */
export function pathForms(path: string): string[] {
  const lexical = resolve(path);
  const real = resolveThroughSymlinks(path);
  const parts = [lexical, real];
  const last = path
    .split("/")
    .filter((p) => p !== "" && p !== ".")
    .at(-1);
  if (last !== undefined && last !== "..") {
    // `dirname` is textual: the parent as written, then made canonical.
    parts.push(resolve(resolveThroughSymlinks(dirname(path)), last));
  }
  return [...new Set(parts)];
}

/**
 * `value` (relative to `cwd`) as named — lexically resolved, what rules were written against —
 * and canonical, deduplicated. Both go into a call's access lists.
 */
export function namedAndCanonical(value: string, cwd: string): string[] {
  const lexical = resolve(cwd, value);
  const real = resolveThroughSymlinks(isAbsolute(value) ? value : `${resolve(cwd)}/${value}`);
  return real === lexical ? [lexical] : [lexical, real];
}

function asList(workspace: string | readonly string[]): readonly string[] {
  return typeof workspace === "string" ? [workspace] : workspace;
}

/**
 * True when `path`, canonical (symlinks and `..` resolved against the filesystem), lies inside
 * one of the workspace roots (also canonical). Lexically inside but linked outside is outside.
 */
export function isInsideWorkspace(path: string, workspace: string | readonly string[]): boolean {
  const real = resolveThroughSymlinks(path);
  return asList(workspace).some((root) => isInsideDirectory(real, resolveThroughSymlinks(root)));
}

/**
 * The level a file access needs: `read`/`write` inside the workspace (the cwd and any
 * `--add-dir` roots), `full` outside it. Symlinks and `..` are resolved component by component.
 */
export function classifyPathAccess(
  path: string,
  options: { workspace: string | readonly string[]; access: "read" | "write" },
): PermissionLevel {
  return isInsideWorkspace(path, options.workspace) ? options.access : "full";
}
