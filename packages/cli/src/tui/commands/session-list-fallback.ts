import { closeSync, openSync, readSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { SessionSummary } from "../app/agent-connection.js";

/** Only this much of each session file is read: the header and, usually, the first prompt. */
const HEAD_BYTES = 1024;
/** Heads are read for the newest sessions only (the picker shows a screenful). */
const MAX_LISTED = 100;

function firstPromptOf(head: string): string | undefined {
  for (const line of head.split("\n")) {
    if (!line.startsWith('{"type":"message"')) continue;
    try {
      const record = JSON.parse(line) as {
        message?: { role?: string; content?: Array<{ type: string; text?: string }> };
      };
      const text =
        record.message?.role === "user"
          ? record.message.content?.find((b) => b.type === "text")?.text
          : undefined;
      if (text) return text;
    } catch {
      // cut by the 1 KB limit: fall back to the raw text below
      const m = /"text":"((?:[^"\\]|\\.)*)/.exec(line);
      if (m?.[1]) return m[1].replace(/\\n/g, " ").replace(/\\"/g, '"');
    }
  }
  return undefined;
}

function readHead(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n).toString("utf8");
  } catch {
    return "";
  } finally {
    closeSync(fd);
  }
}

/**
 * This project's sessions, newest first, until the SDK's own listing is wired in: file names
 * and mtimes for all, the first KB of the newest `MAX_LISTED` for their first prompt.
 */
export async function listSessionsFromFiles(dir: string): Promise<SessionSummary[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".jsonl"));
  } catch {
    return [];
  }
  const entries = await Promise.all(
    names.map(async (name) => {
      try {
        const s = await stat(join(dir, name));
        return { name, mtimeMs: s.mtimeMs, size: s.size };
      } catch {
        return undefined;
      }
    }),
  );
  return entries
    .filter((e): e is { name: string; mtimeMs: number; size: number } => e !== undefined)
    .sort((a, b) => b.mtimeMs - a.mtimeMs)
    .slice(0, MAX_LISTED)
    .map((e) => {
      const prompt = firstPromptOf(readHead(join(dir, e.name)));
      return {
        sessionId: e.name.slice(0, -".jsonl".length),
        ...(prompt !== undefined ? { firstPrompt: prompt } : {}),
        modified: e.mtimeMs,
        sizeBytes: e.size,
      };
    });
}
