import { resolve } from "node:path";
import { type CallAccess, classifyPathAccess, type RequiredAccess } from "@keel/permissions";
import { canonicalPath } from "./canonical-path.js";

export interface PathLevelContext {
  cwd: string;
  workspaceRoots?: readonly string[] | undefined;
}

export interface PathLevelOptions {
  /** `search`: a directory read recursively (Grep), which also counts as a read. */
  access: "read" | "write" | "search";
}

/**
 * What a file tool needs for `path`: `read`/`write` when its canonical path (see
 * `canonicalPath`) lies inside a workspace root, else `full`. The access lists name both the
 * path as written and the canonical one, so a deny rule or protected path hit by either
 * counts and an allow rule must cover both. Never throws: a path that can't be resolved
 * (a symlink loop) needs `full`.
 */
export async function pathLevel(
  path: string,
  ctx: PathLevelContext,
  options: PathLevelOptions,
): Promise<RequiredAccess> {
  const lexical = resolve(ctx.cwd, path);
  let canonical: string;
  let roots: string[];
  try {
    canonical = await canonicalPath(path, ctx.cwd);
    roots = await Promise.all((ctx.workspaceRoots ?? [ctx.cwd]).map((root) => canonicalPath(root, ctx.cwd)));
  } catch {
    return { level: "full", access: accessOf([lexical], options) };
  }
  const paths = canonical === lexical ? [lexical] : [lexical, canonical];
  const kind = options.access === "write" ? "write" : "read";
  const level = classifyPathAccess(canonical, { workspace: roots, access: kind });
  return { level, access: accessOf(paths, options) };
}

function accessOf(paths: string[], options: PathLevelOptions): CallAccess {
  if (options.access === "write") return { reads: [], writes: paths, recursiveReads: [] };
  return { reads: paths, writes: [], recursiveReads: options.access === "search" ? [...paths] : [] };
}
