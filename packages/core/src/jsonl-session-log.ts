import { closeSync, fsyncSync, writeSync } from "node:fs";
import type { SessionRecord } from "@keel/protocol";
import type { SessionLog } from "./session-store.js";
import { promptText, titleFromPrompt } from "./session-title.js";

/** How much of a session's end a listing reads looking for its latest title record. */
export const TAIL_WINDOW = 16 * 1024;

export interface TitleState {
  /** Whether the session already has a title (or a first prompt a listing derives one from). */
  titled: boolean;
  /** The title a listing would show from the session's head alone. */
  headTitle?: string;
  /** The latest title record, and how many bytes follow it in the file. */
  current?: { title: string; bytesAfter: number };
}

/**
 * An open JSONL session file. Besides appending, it keeps titles cheap to list: it writes a
 * `title` record just before the first user prompt of an untitled session, and when the latest title
 * differs from what the head says and has drifted out of the tail a listing reads, it repeats
 * that record at the end of the run (`sync`).
 */
export class JsonlSessionLog implements SessionLog {
  readonly sessionId: string;
  readonly location: string;
  private fd: number | undefined;
  private titles: TitleState;

  constructor(sessionId: string, path: string, fd: number, titles: TitleState) {
    this.sessionId = sessionId;
    this.location = path;
    this.fd = fd;
    this.titles = titles;
  }

  async append(record: SessionRecord): Promise<void> {
    if (!this.titles.titled) {
      // Before the prompt, so a listing finds it next to the header even after a huge prompt.
      const prompt = promptText(record);
      const title = prompt !== undefined ? titleFromPrompt(prompt) : "";
      if (title !== "") {
        this.titles.headTitle = title;
        await this.append({ type: "title", title });
      }
    }
    this.writeLine(`${JSON.stringify(record)}\n`);
    if (record.type === "title") {
      this.titles.titled = true;
      this.titles.current = { title: record.title, bytesAfter: 0 };
    }
  }

  /** Synchronous so the line is in the file before the caller emits its event. */
  writeLine(line: string): void {
    if (this.fd === undefined) throw new Error(`session ${this.sessionId} is closed`);
    const buf = Buffer.from(line, "utf8");
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    if (this.titles.current) this.titles.current.bytesAfter += buf.length;
  }

  async sync(): Promise<void> {
    if (this.fd === undefined) return;
    const current = this.titles.current;
    if (current && current.title !== this.titles.headTitle && current.bytesAfter > TAIL_WINDOW / 2) {
      await this.append({ type: "title", title: current.title });
    }
    fsyncSync(this.fd);
  }

  async close(): Promise<void> {
    if (this.fd === undefined) return;
    await this.sync();
    closeSync(this.fd);
    this.fd = undefined;
  }
}
