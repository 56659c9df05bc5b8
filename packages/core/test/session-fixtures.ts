import { closeSync, openSync, writeSync } from "node:fs";
import type {
  CompactionRecord,
  MessageRecord,
  SessionHeaderRecord,
  SessionRecord,
  TitleRecord,
} from "@keel/protocol";

export function header(id: string, extra: Partial<SessionHeaderRecord> = {}): SessionHeaderRecord {
  return {
    type: "header",
    version: 1,
    sessionId: id,
    cwd: "/w",
    model: "m",
    created: "2026-01-01T00:00:00.000Z",
    parentSessionId: null,
    ...extra,
  };
}

export function userMsg(uuid: string, text: string, synthetic = false): MessageRecord {
  return {
    type: "message",
    uuid,
    timestamp: "2026-01-01T00:00:00.000Z",
    message: { role: "user", content: [{ type: "text", text }] },
    ...(synthetic ? { synthetic } : {}),
  };
}

export function assistantMsg(uuid: string, text: string): MessageRecord {
  return {
    type: "message",
    uuid,
    timestamp: "2026-01-01T00:00:00.000Z",
    message: { role: "assistant", content: [{ type: "text", text }] },
  };
}

export function compaction(uuid: string, firstKeptUuid: string | null): CompactionRecord {
  return {
    type: "compaction",
    uuid,
    timestamp: "2026-01-01T00:00:00.000Z",
    trigger: "auto",
    strategy: "summary",
    summary: `summary before ${uuid}`,
    userPrompts: ["first"],
    firstKeptUuid,
    preTokens: 1000,
    postTokens: 100,
  };
}

export function title(text: string): TitleRecord {
  return { type: "title", title: text };
}

export const jsonl = (records: Array<SessionRecord | string>): string =>
  records.map((r) => `${typeof r === "string" ? r : JSON.stringify(r)}\n`).join("");

/** Text of each message, for compact assertions. */
export function texts(messages: Array<{ content: Array<{ type: string }> }>): string[] {
  return messages.map((m) => m.content.map((b) => ("text" in b ? String(b.text) : b.type)).join(""));
}

/**
 * A session file of `size` bytes that costs almost no disk: `head` at the start, `tail` at the
 * end, and a hole of NUL bytes between them (one giant corrupt "line" a full read would choke on).
 */
export function writeSparseSession(path: string, head: string, tail: string, size: number): void {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, head, 0);
    const tailBytes = Buffer.from(`\n${tail}`);
    writeSync(fd, tailBytes, 0, tailBytes.length, size - tailBytes.length);
  } finally {
    closeSync(fd);
  }
}
