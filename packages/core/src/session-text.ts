import type { CompactionRecord, Message, SessionRecord } from "@keel/protocol";
import { checkHeader, isKnownRecord, parseRecordLine } from "./session-head.js";
import type { LoadedSession } from "./session-store.js";
import { promptText, titleFromPrompt } from "./session-title.js";

/**
 * Load a whole session held as text (other stores that keep JSONL blobs, tests), with the same
 * result as `JsonlSessionStore.open`: the last boundary, the kept messages and what follows.
 */
export function parseSessionText(text: string, path: string): LoadedSession {
  const lines = text.split("\n");
  const warnings: string[] = [];
  const records: SessionRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    const record = parseRecordLine(line);
    if (!record) {
      // The last line without a newline is a torn write: skip silently.
      if (i === lines.length - 1) continue;
      if (i > 0) warnings.push(`Skipped corrupt line ${i + 1} of ${path}`);
      continue;
    }
    if (i === 0 || isKnownRecord(record)) records.push(i === 0 ? checkHeader(record, path) : record);
  }
  const header = checkHeader(records[0], path);
  let start = 1;
  let boundary: CompactionRecord | undefined;
  let earlierBefore: string | undefined;
  const at = records.findLastIndex((r) => r.type === "compaction");
  if (at > 0) {
    boundary = records[at] as CompactionRecord;
    const kept = boundary.firstKeptUuid;
    const keptAt = kept
      ? records.findLastIndex((m, j) => j < at && m.type === "message" && m.uuid === kept)
      : -1;
    if (kept && keptAt < 0) {
      warnings.push(
        `The first kept message ${kept} of the last compaction in ${path} was not found; only messages after the compaction are loaded.`,
      );
    }
    start = keptAt >= 0 ? keptAt : at + 1;
    earlierBefore = keptAt >= 0 && kept ? kept : boundary.uuid;
  }
  const messages: Message[] = [];
  const messageUuids: string[] = [];
  const state: SessionRecord[] = [];
  let title: string | undefined;
  for (const r of records.slice(start)) {
    if (r.type === "message") {
      messages.push(r.message);
      messageUuids.push(r.uuid);
    } else if (r.type !== "compaction" && r.type !== "header") state.push(r);
    if (r.type === "title") title = r.title;
  }
  title ??= firstTitle(records);
  return {
    header,
    messages,
    messageUuids,
    state,
    warnings,
    ...(boundary ? { compaction: boundary } : {}),
    ...(title !== undefined ? { title } : {}),
    ...(earlierBefore !== undefined ? { earlierBefore } : {}),
  };
}

function firstTitle(records: SessionRecord[]): string | undefined {
  for (const r of records) if (r.type === "title") return r.title;
  for (const r of records) {
    const text = promptText(r);
    if (text !== undefined) return titleFromPrompt(text);
  }
  return undefined;
}
