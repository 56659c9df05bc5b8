import { open, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { TAIL_WINDOW } from "./jsonl-session-log.js";
import { parseRecordLine, readSessionHead } from "./session-head.js";
import { completeLines, type ReadStats, readAt } from "./session-line-reader.js";
import type { SessionSummary } from "./session-store.js";
import { firstPromptPreview } from "./session-title.js";

/** Files summarized at once: enough to overlap I/O, few enough to bound open descriptors. */
const CONCURRENCY = 16;
const TITLE_MARK = Buffer.from('"type":"title"');

/**
 * Summaries of every `*.jsonl` session in `dir`, newest first. Each file costs its head (header
 * and first prompt, usually 16 KB) and its last 16 KB (the latest title record); files without
 * a readable header are left out.
 */
export async function listSessionFiles(dir: string, stats: ReadStats): Promise<SessionSummary[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".jsonl"));
  } catch {
    return [];
  }
  const out: SessionSummary[] = [];
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      const summary = await summarizeSessionFile(join(dir, name), stats).catch(() => undefined);
      if (summary) out.push(summary);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, names.length) }, worker));
  return out.sort((a, b) => (a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : 0));
}

/** One session's summary from its head and tail. Throws when the file has no valid header. */
export async function summarizeSessionFile(
  path: string,
  stats: ReadStats,
): Promise<SessionSummary | undefined> {
  const fh = await open(path, "r");
  try {
    const info = await fh.stat();
    if (!info.isFile()) return undefined;
    const head = await readSessionHead(fh, info.size, path, stats, "prompt");
    let title = head.fallbackTitle ?? "";
    // The latest title is near the end (a log repeats it there when it drifts away).
    const tailStart = Math.max(0, info.size - TAIL_WINDOW);
    const tail = await readAt(fh, tailStart, info.size - tailStart, stats);
    // The window's first line is cut unless the window is the whole file.
    const lines = completeLines(tail, tailStart).slice(tailStart > 0 ? 1 : 0);
    for (const line of lines.reverse()) {
      if (line.bytes.indexOf(TITLE_MARK) < 0) continue;
      const record = parseRecordLine(line.bytes);
      if (record?.type === "title" && typeof record.title === "string") {
        title = record.title;
        break;
      }
    }
    const header = head.header;
    return {
      sessionId: basename(path, ".jsonl"),
      path,
      title,
      firstPrompt: head.firstPrompt !== undefined ? firstPromptPreview(head.firstPrompt) : "",
      created: header.created,
      modified: info.mtime.toISOString(),
      sizeBytes: info.size,
      parentSessionId: header.parentSessionId ?? null,
    };
  } finally {
    await fh.close();
  }
}
