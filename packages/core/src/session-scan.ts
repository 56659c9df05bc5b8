import type { FileHandle } from "node:fs/promises";
import type { CompactionRecord, Message, SessionRecord } from "@keel/protocol";
import { isKnownRecord, parseRecordLine, readSessionHead, type SessionHead } from "./session-head.js";
import { BackwardLineReader, completeLines, type ReadStats, readAt } from "./session-line-reader.js";
import type { LoadedSession } from "./session-store.js";

/** A session located from its end: what `open` loads and `fork` copies, without side effects. */
export interface SessionScan {
  head: SessionHead;
  loaded: LoadedSession;
  /** Where the loaded range starts: the first kept message, else the boundary, else after the header. */
  rangeStart: number;
  /** Where the valid records end: a torn last line starts here (else the file size). */
  validEnd: number;
  /** The last record is complete but has no `\n` after it: write one before appending. */
  needsNewline: boolean;
  /** Offsets of the records `readEarlier` may be asked to page back from. */
  knownOffsets: Map<string, number>;
  /** The last title record of the loaded range (or of the head), and where it starts. */
  lastTitle?: { title: string; offset: number };
}

interface Located {
  offset: number;
  record: SessionRecord;
}

/**
 * Load a session by reading backwards from its end (decision 0002): collect records until the
 * last `compaction` record (or the header), then look further back only for the line of the
 * boundary's `firstKeptUuid`, and read forward from there to the boundary.
 */
export async function scanSession(
  fh: FileHandle,
  size: number,
  path: string,
  stats: ReadStats,
): Promise<SessionScan> {
  const head = await readSessionHead(fh, size, path, stats, "title");
  const warnings: string[] = [];
  const reader = new BackwardLineReader(fh, { start: head.headerEnd, end: size }, stats);
  const after: Located[] = [];
  const corrupt: Array<{ offset: number; index: number }> = [];
  let validEnd = size;
  let needsNewline = false;
  let boundary: { offset: number; record: CompactionRecord } | undefined;
  let lineIndex = 0;
  for (let line = await reader.next(); line; line = await reader.next()) {
    const index = lineIndex++;
    if (line.bytes.length === 0) continue;
    const record = parseRecordLine(line.bytes);
    if (!line.terminated) {
      // A last line without its newline: a torn write if it does not parse, else a record whose
      // newline was lost (a JSON object's proper prefix is never valid JSON).
      if (!record) {
        validEnd = line.offset;
        continue;
      }
      needsNewline = true;
    }
    if (!record) {
      corrupt.push({ offset: line.offset, index });
      continue;
    }
    if (record.type === "compaction") {
      boundary = { offset: line.offset, record };
      break;
    }
    after.push({ offset: line.offset, record });
  }
  // Line numbers are known only when the scan reached the header; else name the byte offset.
  const lineCount = boundary ? undefined : lineIndex;
  for (const c of corrupt.reverse()) {
    const where = lineCount !== undefined ? `line ${lineCount - c.index + 1}` : `line at byte ${c.offset}`;
    warnings.push(`Skipped corrupt ${where} of ${path}`);
  }

  const knownOffsets = new Map<string, number>();
  let kept: Located[] = [];
  let rangeStart = head.headerEnd;
  let earlierBefore: string | undefined;
  if (boundary) {
    rangeStart = boundary.offset;
    earlierBefore = boundary.record.uuid;
    knownOffsets.set(boundary.record.uuid, boundary.offset);
    const keptUuid = boundary.record.firstKeptUuid;
    if (keptUuid) {
      const keptOffset = await findMessageBackwards(reader, keptUuid);
      if (keptOffset === undefined) {
        warnings.push(
          `The first kept message ${keptUuid} of the last compaction in ${path} was not found; only messages after the compaction are loaded.`,
        );
      } else {
        rangeStart = keptOffset;
        earlierBefore = keptUuid;
        knownOffsets.set(keptUuid, keptOffset);
        kept = await readRange(fh, keptOffset, boundary.offset, stats, path, warnings);
      }
    }
  }

  const records = [...kept, ...after.reverse()].filter((r) => isKnownRecord(r.record));
  const messages: Message[] = [];
  const messageUuids: string[] = [];
  const state: SessionRecord[] = [];
  let lastTitle = head.title;
  for (const { offset, record } of records) {
    if (record.type === "message") {
      messages.push(record.message);
      messageUuids.push(record.uuid);
    } else if (record.type !== "header" && record.type !== "compaction") state.push(record);
    if (record.type === "title" && typeof record.title === "string")
      lastTitle = { title: record.title, offset };
  }
  const title = lastTitle?.title ?? head.fallbackTitle;
  const loaded: LoadedSession = {
    header: head.header,
    messages,
    messageUuids,
    state,
    warnings,
    ...(boundary ? { compaction: boundary.record } : {}),
    ...(title !== undefined ? { title } : {}),
    ...(earlierBefore !== undefined ? { earlierBefore } : {}),
  };
  return {
    head,
    loaded,
    rangeStart,
    validEnd,
    needsNewline,
    knownOffsets,
    ...(lastTitle ? { lastTitle } : {}),
  };
}

/** Continue a backward scan until the message with `uuid`; only matching lines are parsed. */
async function findMessageBackwards(reader: BackwardLineReader, uuid: string): Promise<number | undefined> {
  const needle = Buffer.from(JSON.stringify(uuid));
  for (let line = await reader.next(); line; line = await reader.next()) {
    if (line.bytes.indexOf(needle) < 0) continue;
    const record = parseRecordLine(line.bytes);
    if (record?.type === "message" && record.uuid === uuid) return line.offset;
  }
  return undefined;
}

/** The records of [start, end), forward; corrupt lines are skipped with a warning naming their offset. */
async function readRange(
  fh: FileHandle,
  start: number,
  end: number,
  stats: ReadStats,
  path: string,
  warnings: string[],
): Promise<Located[]> {
  const out: Located[] = [];
  for (const line of completeLines(await readAt(fh, start, end - start, stats), start)) {
    if (line.bytes.length === 0) continue;
    const record = parseRecordLine(line.bytes);
    if (!record) warnings.push(`Skipped corrupt line at byte ${line.offset} of ${path}`);
    else if (record.type !== "compaction") out.push({ offset: line.offset, record });
  }
  return out;
}
