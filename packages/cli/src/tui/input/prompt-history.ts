import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readSync } from "node:fs";
import { dirname } from "node:path";

/** Only the end of the history file is read at start-up: it may grow for years. */
const TAIL_BYTES = 64 * 1024;
const MAX_ENTRY_CHARS = 10_000;

/**
 * Prompt history shared by every session: one JSON line per prompt in `$KEEL_HOME/history.jsonl`
 * (`{"text","cwd","ts"}`). Reading looks at the last 64 KB only.
 */
export class PromptHistory {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** The most recent entries, oldest first (at most `max`). Missing or unreadable file: none. */
  load(max = 200): string[] {
    let text: string;
    try {
      const fd = openSync(this.path, "r");
      try {
        const size = fstatSync(fd).size;
        const start = Math.max(0, size - TAIL_BYTES);
        const buf = Buffer.alloc(size - start);
        readSync(fd, buf, 0, buf.length, start);
        text = buf.toString("utf8");
        if (start > 0) text = text.slice(text.indexOf("\n") + 1);
      } finally {
        closeSync(fd);
      }
    } catch {
      return [];
    }
    const out: string[] = [];
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        const entry = JSON.parse(line) as { text?: unknown };
        if (typeof entry.text === "string" && entry.text.trim() !== "") out.push(entry.text);
      } catch {
        // a torn line from a crash: skip it
      }
    }
    return out.slice(-max);
  }

  /** Appends one entry; failures (read-only home) are ignored: history is a convenience. */
  add(text: string, cwd: string): void {
    if (text.trim() === "" || text.length > MAX_ENTRY_CHARS) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      appendFileSync(this.path, `${JSON.stringify({ text, cwd, ts: new Date().toISOString() })}\n`, {
        mode: 0o600,
      });
    } catch {
      // ignored on purpose
    }
  }
}
