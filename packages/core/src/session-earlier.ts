import type { FileHandle } from "node:fs/promises";
import type { CompactionRecord, MessageRecord } from "@keel/protocol";
import { parseRecordLine, readSessionHead } from "./session-head.js";
import { BackwardLineReader, type ReadStats } from "./session-line-reader.js";
import type { EarlierHistory } from "./session-store.js";

export interface EarlierPage {
  history: EarlierHistory;
  /** The oldest record returned and its offset: the next page's cursor. */
  first?: { uuid: string; offset: number };
}

/**
 * Up to `maxMessages` message records (and the compaction records among them) before the record
 * `beforeUuid`, read backwards from that record's offset. Without a known offset the record is
 * first searched for backwards from the end, parsing only lines that contain its uuid.
 */
export async function readEarlierRecords(
  fh: FileHandle,
  size: number,
  path: string,
  stats: ReadStats,
  options: { beforeUuid: string; maxMessages: number; beforeOffset?: number },
): Promise<EarlierPage> {
  const head = await readSessionHead(fh, size, path, stats, "none");
  const warnings: string[] = [];
  const range = { start: head.headerEnd, end: size };
  const before = options.beforeOffset ?? (await findRecordBackwards(fh, range, stats, options.beforeUuid));
  if (before === undefined) {
    warnings.push(`No record ${options.beforeUuid} in ${path}: there is no earlier history to show.`);
    return { history: { records: [], reachedStart: true, warnings } };
  }
  const reader = new BackwardLineReader(fh, { start: head.headerEnd, end: before }, stats);
  const found: Array<{ offset: number; record: MessageRecord | CompactionRecord }> = [];
  let messages = 0;
  while (messages < options.maxMessages) {
    const line = await reader.next();
    if (!line) break;
    if (line.bytes.length === 0) continue;
    const record = parseRecordLine(line.bytes);
    if (!record) {
      warnings.push(`Skipped corrupt line at byte ${line.offset} of ${path}`);
      continue;
    }
    if (record.type !== "message" && record.type !== "compaction") continue;
    found.push({ offset: line.offset, record });
    if (record.type === "message") messages++;
  }
  found.reverse();
  const oldest = found[0];
  return {
    history: { records: found.map((f) => f.record), reachedStart: reader.exhausted, warnings },
    ...(oldest ? { first: { uuid: oldest.record.uuid, offset: oldest.offset } } : {}),
  };
}

async function findRecordBackwards(
  fh: FileHandle,
  range: { start: number; end: number },
  stats: ReadStats,
  uuid: string,
): Promise<number | undefined> {
  const needle = Buffer.from(JSON.stringify(uuid));
  const reader = new BackwardLineReader(fh, range, stats);
  for (let line = await reader.next(); line; line = await reader.next()) {
    if (line.bytes.indexOf(needle) < 0) continue;
    const record = parseRecordLine(line.bytes);
    if ((record?.type === "message" || record?.type === "compaction") && record.uuid === uuid) {
      return line.offset;
    }
  }
  return undefined;
}
