import { resolve } from "node:path";
import { canonicalPath as canonicalPathOf } from "@keel/permissions";

/**
 * The path the kernel would reach for `path` (relative to `cwd`), resolved one component at a
 * time so `..` after a symlink applies to the link's target: the permission engine's
 * `canonicalPath`. Check permissions on this path and do the I/O on this same path. Rejects
 * on a symlink loop.
 */
export async function canonicalPath(path: string, cwd: string): Promise<string> {
  return canonicalPathOf(path, cwd);
}

/** `shown` for messages, with the real location added when it differs from the lexical one. */
export function describePath(shown: string, canonical: string, cwd: string): string {
  return resolve(cwd, shown) === canonical ? shown : `${shown} (resolved to ${canonical})`;
}
