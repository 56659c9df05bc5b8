import { resolve } from "node:path";
import { classifyPathAccess, type PermissionLevel } from "@keel/permissions";

/** The level a file tool needs for `path`: `access` inside any workspace root, else `full`. */
export function pathLevel(
  path: string,
  ctx: { cwd: string; workspaceRoots?: readonly string[] | undefined },
  access: "read" | "write",
): PermissionLevel {
  return classifyPathAccess(resolve(ctx.cwd, path), { workspace: ctx.workspaceRoots ?? ctx.cwd, access });
}
