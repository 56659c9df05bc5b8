import { closeSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";

/** Per file and in total: a mention must not blow up the context window. */
const MAX_FILE_BYTES = 100 * 1024;
const MAX_TOTAL_BYTES = 256 * 1024;
const MAX_FILES = 10;

export interface FileAttachment {
  /** As the user wrote it. */
  mention: string;
  path: string;
  /** The `<file>` text block sent to the model. */
  text: string;
  truncated: boolean;
}

export interface ExpandedMentions {
  attachments: FileAttachment[];
  /** Mentions that were not attached, each with why. */
  skipped: string[];
}

/** `@path` or `@"path with spaces"`, after a space or at the start. */
const MENTION = /(?:^|\s)@(?:"([^"]+)"|([^\s"]+))/g;

/** The paths a prompt mentions, in order, without duplicates. */
export function findMentions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MENTION)) {
    const path = m[1] ?? m[2];
    if (path !== undefined && !out.includes(path)) out.push(path);
  }
  return out;
}

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the files a prompt mentions with `@path` (relative to the cwd), bounded per file and in
 * total, for sending after the prompt as `<file path="…">` blocks. A mention that is not a
 * readable text file is skipped with a reason.
 */
export function expandFileMentions(text: string, cwd: string): ExpandedMentions {
  const attachments: FileAttachment[] = [];
  const skipped: string[] = [];
  let total = 0;
  for (const raw of findMentions(text)) {
    let mention = raw;
    let abs = isAbsolute(mention) ? mention : resolve(cwd, mention);
    let stat = statOrUndefined(abs);
    if (stat === undefined) {
      // "look at @src/a.ts," — the punctuation is not part of the path.
      const trimmed = mention.replace(/[,.;:!?)\]]+$/, "");
      if (trimmed !== mention) {
        mention = trimmed;
        abs = isAbsolute(mention) ? mention : resolve(cwd, mention);
        stat = statOrUndefined(abs);
      }
    }
    if (stat === undefined) continue; // an @handle, not a file
    if (!stat.isFile()) {
      skipped.push(`@${mention}: not a file`);
      continue;
    }
    if (attachments.length >= MAX_FILES || total >= MAX_TOTAL_BYTES) {
      skipped.push(
        `@${mention}: too many attachments (at most ${MAX_FILES} files, ${MAX_TOTAL_BYTES / 1024} KB)`,
      );
      continue;
    }
    const budget = Math.min(MAX_FILE_BYTES, MAX_TOTAL_BYTES - total);
    let buf: Buffer;
    try {
      buf = readHead(abs, Math.min(budget, stat.size));
    } catch (error) {
      skipped.push(`@${mention}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (buf.includes(0)) {
      skipped.push(`@${mention}: binary file`);
      continue;
    }
    const truncated = stat.size > buf.length;
    total += buf.length;
    const rel = relative(cwd, abs);
    const shown = rel !== "" && !rel.startsWith("..") ? rel : abs;
    const body = buf.toString("utf8");
    const note = truncated ? `\n[truncated: first ${buf.length} of ${stat.size} bytes]` : "";
    attachments.push({
      mention,
      path: shown,
      text: `<file path="${shown}">\n${body}${note}\n</file>`,
      truncated,
    });
  }
  return { attachments, skipped };
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
