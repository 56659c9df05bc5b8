import { randomUUID } from "node:crypto";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { canonicalPath } from "../canonical-path.js";

export interface AtomicWriteResult {
  /** False when an existing file was replaced. */
  created: boolean;
  bytes: number;
  /** The file actually written: the canonical `path` (symlinks and `..` resolved). */
  path: string;
}

/**
 * Writes `content` so readers see either the old file or the new one, never a torn one: a temp
 * file in the same directory, fsync, rename over the target. An existing file keeps its mode,
 * and a symlink keeps pointing at the (replaced) target. Parent directories are created.
 * `path` (absolute) is canonicalized first, so the temp file and the rename land in the real
 * parent directory even when `path` goes through a symlink and then `..`.
 */
export async function writeFileAtomic(path: string, content: string | Buffer): Promise<AtomicWriteResult> {
  const target = await canonicalPath(path, "/");
  let mode: number | undefined;
  try {
    const info = await stat(target);
    if (info.isDirectory()) throw new Error(`${path} is a directory.`);
    mode = info.mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(dirname(target), { recursive: true });
  }

  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const temp = join(dirname(target), `.${basename(target)}.keel-${randomUUID().slice(0, 8)}.tmp`);
  const handle = await open(temp, "wx", mode ?? 0o666);
  try {
    try {
      await handle.writeFile(data);
      // open()'s mode is filtered by the umask; an existing file's mode is restored exactly.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  return { created: mode === undefined, bytes: data.length, path: target };
}
