import type { FileHandle } from "node:fs/promises";
import { SESSION_FORMAT_VERSION, type SessionHeaderRecord, type SessionRecord } from "@keel/protocol";
import { CoreError } from "./core-error.js";
import { completeLines, type ReadStats, readAt } from "./session-line-reader.js";
import { promptText, titleFromPrompt } from "./session-title.js";

/** Record types of decision 0001/0002; others are skipped (forward compatibility). */
const RECORD_TYPES = new Set(["header", "message", "compaction", "title", "todos", "file_read", "subagent"]);

/** Parse one line; undefined when it is not a JSON object with a string `type`. */
export function parseRecordLine(bytes: Buffer | string): SessionRecord | undefined {
  try {
    const value: unknown = JSON.parse(typeof bytes === "string" ? bytes : bytes.toString("utf8"));
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    if (typeof (value as { type?: unknown }).type !== "string") return undefined;
    return value as SessionRecord;
  } catch {
    return undefined;
  }
}

/** Whether a parsed record is of a type this Keel knows. */
export function isKnownRecord(record: SessionRecord): boolean {
  return RECORD_TYPES.has(record.type);
}

/** Refuse a header written by a newer Keel; accept anything else that is a header. */
export function checkHeader(record: SessionRecord | undefined, path: string): SessionHeaderRecord {
  if (record?.type !== "header") {
    throw new CoreError("session_corrupt", `${path} has no session header; it cannot be resumed.`);
  }
  if (record.version > SESSION_FORMAT_VERSION) {
    throw new CoreError(
      "session_version",
      `${path} was written by a newer Keel (session format ${record.version}); upgrade Keel to open it.`,
    );
  }
  return record;
}

export interface SessionHead {
  header: SessionHeaderRecord;
  /** Offset of the line after the header. */
  headerEnd: number;
  /** The first prompt's text, when it lies within the head. */
  firstPrompt?: string;
  /** The first title record within the head, and where it starts. */
  title?: { title: string; offset: number };
  /** What a listing shows when no later title exists: the head's title record, else the prompt's. */
  fallbackTitle?: string;
}

const HEAD_BYTES = 16 * 1024;
/** A first prompt longer than this is not read for listings; its title record stands in. */
const MAX_HEAD_BYTES = 1024 * 1024;

/**
 * What the head must yield besides the header, reading past 16 KB (up to 1 MB) while the first
 * message line is still cut: `prompt` (listings), `title` (the prompt only when no title record
 * precedes it: sessions from before titles), `none`.
 */
export type HeadNeeds = "prompt" | "title" | "none";

/**
 * Read a session's head: the header line, and the first title record and first prompt when
 * they are near the start (a log writes the title right before the first prompt).
 */
export async function readSessionHead(
  fh: FileHandle,
  size: number,
  path: string,
  stats: ReadStats,
  needs: HeadNeeds,
): Promise<SessionHead> {
  for (let want = Math.min(size, HEAD_BYTES); ; want = Math.min(size, want * 4)) {
    const buf = await readAt(fh, 0, want, stats);
    const lines = completeLines(buf, 0);
    const complete = want >= size || buf.length < want;
    const first = lines[0];
    if (!first) {
      // Only a header longer than the window gets here.
      if (complete || want >= MAX_HEAD_BYTES) {
        // A header without its newline is a torn first write: nothing was ever recorded.
        throw new CoreError("session_corrupt", `${path} has no session header; it cannot be resumed.`);
      }
      continue;
    }
    const header = checkHeader(parseRecordLine(first.bytes), path);
    const head: SessionHead = { header, headerEnd: first.bytes.length + 1 };
    let sawMessage = false;
    for (const line of lines.slice(1)) {
      const record = parseRecordLine(line.bytes);
      if (!record) continue;
      if (record.type === "title" && typeof record.title === "string" && !head.title) {
        head.title = { title: record.title, offset: line.offset };
      }
      if (record.type === "message" && !sawMessage) {
        sawMessage = true;
        const text = promptText(record);
        if (text !== undefined) head.firstPrompt = text;
      }
    }
    // The first message line is cut off by the window: read a bigger head (rare: a huge prompt).
    const missing = needs === "prompt" || (needs === "title" && !head.title);
    if (missing && !sawMessage && !complete && want < MAX_HEAD_BYTES) continue;
    const fromPrompt = head.firstPrompt !== undefined ? titleFromPrompt(head.firstPrompt) : undefined;
    const fallback = head.title?.title ?? fromPrompt;
    if (fallback !== undefined) head.fallbackTitle = fallback;
    return head;
  }
}
