import { closeSync, fsyncSync, openSync, truncateSync, writeSync } from "node:fs";
import { mkdir, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  type Message,
  SESSION_FORMAT_VERSION,
  type SessionHeaderRecord,
  type SessionRecord,
} from "@keel/protocol";
import { CoreError } from "./core-error.js";
import type { LoadedSession, SessionLog, SessionStore } from "./session-store.js";

/** Turn a cwd into a directory name: every character outside [A-Za-z0-9] becomes `-`. */
export function cwdSlug(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, "-");
}

class JsonlSessionLog implements SessionLog {
  readonly sessionId: string;
  readonly location: string;
  private fd: number | undefined;

  constructor(sessionId: string, path: string, fd: number) {
    this.sessionId = sessionId;
    this.location = path;
    this.fd = fd;
  }

  async append(record: SessionRecord): Promise<void> {
    this.writeLine(`${JSON.stringify(record)}\n`);
  }

  /** Synchronous so the line is in the file before the caller emits its event. */
  writeLine(line: string): void {
    if (this.fd === undefined) throw new Error(`session ${this.sessionId} is closed`);
    const buf = Buffer.from(line, "utf8");
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
  }

  async sync(): Promise<void> {
    if (this.fd !== undefined) fsyncSync(this.fd);
  }

  async close(): Promise<void> {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Append-only JSONL sessions in one directory (`$KEEL_HOME/projects/<cwd slug>/`), one file per
 * session named `<session id>.jsonl`. Records are fixed by docs/decisions/0001.
 */
export class JsonlSessionStore implements SessionStore {
  readonly dir: string;

  constructor(options: { dir: string }) {
    this.dir = options.dir;
  }

  pathOf(sessionId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(sessionId)) {
      throw new CoreError(
        "session_not_found",
        `Invalid session id "${sessionId}": ids use only letters, digits, "-" and "_".`,
      );
    }
    return join(this.dir, `${sessionId}.jsonl`);
  }

  async create(header: SessionHeaderRecord): Promise<SessionLog> {
    await mkdir(this.dir, { recursive: true });
    const path = this.pathOf(header.sessionId);
    const log = new JsonlSessionLog(header.sessionId, path, openSync(path, "wx", 0o600));
    await log.append(header);
    return log;
  }

  async open(sessionId: string): Promise<{ log: SessionLog; loaded: LoadedSession }> {
    const path = this.pathOf(sessionId);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch {
      throw new CoreError(
        "session_not_found",
        `No session "${sessionId}" in ${this.dir}. Run without --resume to start a new one.`,
      );
    }
    const loaded = parseSessionText(text, path);
    // A torn last line (killed mid-write) holds no complete record: cut it off, so the next
    // record starts on its own line and later loads do not warn about it again.
    if (text.length > 0 && !text.endsWith("\n")) {
      truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf("\n") + 1), "utf8"));
    }
    const log = new JsonlSessionLog(sessionId, path, openSync(path, "a"));
    return { log, loaded };
  }

  async latest(): Promise<string | undefined> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return undefined;
    }
    let best: { id: string; mtime: number } | undefined;
    for (const name of names) {
      if (!name.endsWith(".jsonl")) continue;
      const s = await stat(join(this.dir, name)).catch(() => undefined);
      if (!s?.isFile()) continue;
      if (!best || s.mtimeMs > best.mtime) best = { id: name.slice(0, -6), mtime: s.mtimeMs };
    }
    return best?.id;
  }
}

const RECORD_TYPES = new Set(["header", "message", "compaction", "title", "todos", "file_read", "subagent"]);

/** Parse a session file's text. Exported for tests and other stores that hold JSONL blobs. */
export function parseSessionText(text: string, path: string): LoadedSession {
  const lines = text.split("\n");
  const lastLine = lines.length - 1;
  const warnings: string[] = [];
  let header: SessionHeaderRecord | undefined;
  let messages: Message[] = [];
  const state: SessionRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    let record: SessionRecord;
    try {
      record = JSON.parse(line) as SessionRecord;
      if (typeof record !== "object" || record === null || typeof record.type !== "string") {
        throw new Error("not a record");
      }
    } catch {
      // The last line without a newline is a torn write: skip silently.
      if (i === lastLine && !text.endsWith("\n")) continue;
      warnings.push(`Skipped corrupt line ${i + 1} of ${path}`);
      continue;
    }
    if (!RECORD_TYPES.has(record.type)) continue;
    switch (record.type) {
      case "header":
        if (record.version > SESSION_FORMAT_VERSION) {
          throw new CoreError(
            "session_version",
            `${path} was written by a newer Keel (session format ${record.version}); upgrade Keel to open it.`,
          );
        }
        header ??= record;
        break;
      case "message":
        messages.push(record.message);
        break;
      case "compaction":
        messages = [{ role: "user", content: [{ type: "text", text: record.summary }] }];
        break;
      default:
        state.push(record);
    }
  }
  if (!header) throw new CoreError("session_corrupt", `${path} has no session header; it cannot be resumed.`);
  return { header, messages, state, warnings };
}
