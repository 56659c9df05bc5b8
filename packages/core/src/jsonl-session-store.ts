import { randomUUID } from "node:crypto";
import { openSync, truncateSync, writeSync } from "node:fs";
import { type FileHandle, mkdir, open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { SessionHeaderRecord } from "@keel/protocol";
import { CoreError } from "./core-error.js";
import { JsonlSessionLog } from "./jsonl-session-log.js";
import { readEarlierRecords } from "./session-earlier.js";
import { BACKWARD_CHUNK, type ReadStats, readAt } from "./session-line-reader.js";
import { listSessionFiles } from "./session-listing.js";
import { type SessionScan, scanSession } from "./session-scan.js";
import type {
  EarlierHistory,
  ForkOptions,
  LoadedSession,
  SessionLog,
  SessionStore,
  SessionSummary,
} from "./session-store.js";

export { parseSessionText } from "./session-text.js";

/** Turn a cwd into a directory name: every character outside [A-Za-z0-9] becomes `-`. */
export function cwdSlug(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, "-");
}

/** Offsets remembered for `readEarlier` cursors; beyond this many the cache starts over. */
const MAX_KNOWN_OFFSETS = 1024;

/**
 * Append-only JSONL sessions in one directory (`$KEEL_HOME/projects/<cwd slug>/`), one file per
 * session named `<session id>.jsonl`. Records are fixed by docs/decisions/0001 and 0002.
 *
 * Nothing reads a whole file unless it has no compaction boundary: `open` reads backwards from
 * the end to the last boundary, `list` reads each file's head and tail, `readEarlier` pages
 * backwards from a known record.
 */
export class JsonlSessionStore implements SessionStore {
  readonly dir: string;
  /** Bytes and read calls this store made; for tests and benches that check reads stay bounded. */
  readonly readStats: ReadStats = { bytes: 0, reads: 0 };
  /** `${sessionId}\0${uuid}` → byte offset of that record, so paging back does not search. */
  private readonly knownOffsets = new Map<string, number>();

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
    const log = new JsonlSessionLog(header.sessionId, path, openSync(path, "wx", 0o600), { titled: false });
    await log.append(header);
    return log;
  }

  async open(sessionId: string): Promise<{ log: SessionLog; loaded: LoadedSession }> {
    const path = this.pathOf(sessionId);
    const scan = await this.scan(sessionId, path);
    // A torn last line (killed mid-write) holds no complete record: cut it off, so the next
    // record starts on its own line and later loads do not meet it again.
    if (scan.validEnd < scan.size) truncateSync(path, scan.validEnd);
    const fd = openSync(path, "a");
    if (scan.needsNewline) writeSync(fd, "\n");
    const size = scan.needsNewline ? scan.validEnd + 1 : scan.validEnd;
    const log = new JsonlSessionLog(sessionId, path, fd, {
      // A session whose head has no prompt and no title gets one from its next prompt.
      titled: scan.loaded.title !== undefined,
      ...(scan.head.fallbackTitle !== undefined ? { headTitle: scan.head.fallbackTitle } : {}),
      ...(scan.lastTitle
        ? { current: { title: scan.lastTitle.title, bytesAfter: size - scan.lastTitle.offset } }
        : {}),
    });
    return { log, loaded: scan.loaded };
  }

  async readEarlier(sessionId: string, beforeUuid: string, maxMessages: number): Promise<EarlierHistory> {
    const path = this.pathOf(sessionId);
    return this.withFile(sessionId, path, async (fh, size) => {
      const key = `${sessionId}\0${beforeUuid}`;
      const page = await readEarlierRecords(fh, size, path, this.readStats, {
        beforeUuid,
        maxMessages,
        ...(this.knownOffsets.has(key) ? { beforeOffset: this.knownOffsets.get(key)! } : {}),
      });
      if (page.first) this.remember(sessionId, page.first.uuid, page.first.offset);
      return page.history;
    });
  }

  async list(): Promise<SessionSummary[]> {
    return listSessionFiles(this.dir, this.readStats);
  }

  async fork(
    sessionId: string,
    options: ForkOptions = {},
  ): Promise<{ log: SessionLog; loaded: LoadedSession }> {
    const sourcePath = this.pathOf(sessionId);
    const newId = options.sessionId ?? randomUUID();
    const path = this.pathOf(newId);
    await this.withFile(sessionId, sourcePath, async (source, size) => {
      const scan = await scanSession(source, size, sourcePath, this.readStats);
      const header: SessionHeaderRecord = {
        ...scan.loaded.header,
        sessionId: newId,
        model: options.model ?? scan.loaded.header.model,
        created: new Date().toISOString(),
        parentSessionId: sessionId,
      };
      const target = await open(path, "wx", 0o600);
      try {
        await target.write(`${JSON.stringify(header)}\n`);
        // The loaded range as it is on disk (kept messages, the boundary, what follows), in chunks.
        for (let at = scan.rangeStart; at < scan.validEnd; at += BACKWARD_CHUNK) {
          await target.write(
            await readAt(source, at, Math.min(BACKWARD_CHUNK, scan.validEnd - at), this.readStats),
          );
        }
        if (scan.needsNewline) await target.write("\n");
        // After the copy, so it is the last title (copied title records come before it).
        if (scan.loaded.title)
          await target.write(`${JSON.stringify({ type: "title", title: `${scan.loaded.title} (fork)` })}\n`);
        await target.sync();
      } finally {
        await target.close();
      }
    });
    return this.open(newId);
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

  private async scan(sessionId: string, path: string): Promise<SessionScan & { size: number }> {
    return this.withFile(sessionId, path, async (fh, size) => {
      const scan = await scanSession(fh, size, path, this.readStats);
      for (const [uuid, offset] of scan.knownOffsets) this.remember(sessionId, uuid, offset);
      return { ...scan, size };
    });
  }

  private async withFile<T>(
    sessionId: string,
    path: string,
    use: (fh: FileHandle, size: number) => Promise<T>,
  ): Promise<T> {
    let fh: FileHandle;
    try {
      fh = await open(path, "r");
    } catch {
      throw new CoreError(
        "session_not_found",
        `No session "${sessionId}" in ${this.dir}. Run without --resume to start a new one.`,
      );
    }
    try {
      return await use(fh, (await fh.stat()).size);
    } finally {
      await fh.close();
    }
  }

  private remember(sessionId: string, uuid: string, offset: number): void {
    if (this.knownOffsets.size >= MAX_KNOWN_OFFSETS) this.knownOffsets.clear();
    this.knownOffsets.set(`${sessionId}\0${uuid}`, offset);
  }
}
