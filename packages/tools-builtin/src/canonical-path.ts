import { lstat, readlink } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** Symlinks followed before giving up, as the kernel does (Linux MAXSYMLINKS). */
const MAX_SYMLINKS = 40;

function components(path: string): string[] {
  return path.split("/").filter((part) => part !== "" && part !== ".");
}

/**
 * The path the kernel would reach for `path` (relative paths against `cwd`), as an absolute
 * path with no symlink, `.` or `..` left in its existing part. Resolved one component at a
 * time against the real filesystem, so `..` after a symlink applies to the link's *target*
 * (`ws/up/..` with `up -> /a/ws` is `/a`), never lexically. Components past the first missing
 * one (a file about to be created) are appended as written, `..` removing the previous one.
 *
 * Check permissions on this path and then do the I/O on this same path: the string then names
 * the file that was checked (until someone swaps a directory for a symlink in between).
 * Rejects (code `ELOOP`) after 40 symlinks; other I/O errors stop resolution like a missing path.
 * Same semantics as `canonicalPath` in @keel/permissions; kept here so tools don't wait on it.
 */
export async function canonicalPath(path: string, cwd: string): Promise<string> {
  const start = isAbsolute(path) ? path : `${resolve(cwd)}/${path}`;
  const pending = components(start);
  let current = "/";
  let links = 0;
  for (let part = pending.shift(); part !== undefined; part = pending.shift()) {
    if (part === "..") {
      // `current` is already real, so its lexical parent is its physical parent.
      current = dirname(current);
      continue;
    }
    const next = join(current, part);
    let isLink = false;
    try {
      isLink = (await lstat(next)).isSymbolicLink();
    } catch {
      // Missing (or unreadable, or below a non-directory): the kernel can't go through it either.
    }
    if (!isLink) {
      current = next;
      continue;
    }
    links += 1;
    if (links > MAX_SYMLINKS) {
      throw Object.assign(new Error(`Too many levels of symbolic links resolving ${path}.`), {
        code: "ELOOP",
      });
    }
    let target: string;
    try {
      target = await readlink(next);
    } catch {
      current = next; // replaced between the two calls: judge it as named
      continue;
    }
    if (isAbsolute(target)) current = "/";
    pending.unshift(...components(target));
  }
  return current;
}

/** `shown` for messages, with the real location added when it differs from the lexical one. */
export function describePath(shown: string, canonical: string, cwd: string): string {
  return resolve(cwd, shown) === canonical ? shown : `${shown} (resolved to ${canonical})`;
}
