import { lstatSync, readlinkSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { PermissionError } from "../permission-error.js";

/** Symlinks followed before giving up, as the kernel does (Linux MAXSYMLINKS). */
const MAX_SYMLINKS = 40;

function components(path: string): string[] {
  return path.split("/").filter((part) => part !== "" && part !== ".");
}

/**
 * The path the kernel reaches for `path` (relative paths against `cwd`): absolute, with no
 * symlink, `.` or `..` left in its existing part. Resolved one component at a time against the
 * filesystem, so `..` after a symlink applies to the link's *target* (`ws/up/../x` with
 * `up -> /a/ws` is `/a/x`), never lexically first — `path.resolve()` before `realpath` judges
 * `ws/d/up/../secret` by `ws/d/secret`, a different file. Components past the first missing one
 * (a file about to be created) are appended as written, `..` dropping the previous one.
 *
 * Check permissions on this path and do the I/O on this same path. Throws a PermissionError
 * (`symlink_loop`) after 40 symlinks; other I/O errors stop resolution like a missing path.
 */
export function canonicalPath(path: string, cwd: string = process.cwd()): string {
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
      isLink = lstatSync(next).isSymbolicLink();
    } catch {
      // Missing (or unreadable, or below a non-directory): the kernel can't go through it either.
    }
    if (!isLink) {
      current = next;
      continue;
    }
    links += 1;
    if (links > MAX_SYMLINKS)
      throw new PermissionError("symlink_loop", `Too many levels of symbolic links resolving ${path}.`);
    let target: string;
    try {
      target = readlinkSync(next);
    } catch {
      current = next; // replaced between the two calls: judge it as named
      continue;
    }
    if (isAbsolute(target)) current = "/";
    pending.unshift(...components(target));
  }
  return current;
}
