import { closeSync, openSync, writeSync } from "node:fs";

export interface TaskOutputBufferOptions {
  /** Created (must not exist yet), mode 0600. */
  path: string;
  /** The file stops growing here and ends with a marker; later output is only in the tail. */
  maxFileBytes: number;
  /** How much of the newest output stays in memory. */
  tailBytes: number;
}

/**
 * One task's output: every byte goes to a file (up to a cap) and the newest `tailBytes` stay in
 * memory, so reading new output never touches the disk and memory does not grow with output.
 * Offsets count bytes of output produced, from 0.
 */
export class TaskOutputBuffer {
  readonly path: string;
  readonly #maxFileBytes: number;
  readonly #tailBytes: number;
  #fd: number | undefined;
  #fileBytes = 0;
  /** Why the file stopped growing (the cap, a write error), once it did. */
  #fileNote: string | undefined;
  #chunks: Buffer[] = [];
  #tailLength = 0;
  #total = 0;

  constructor(options: TaskOutputBufferOptions) {
    this.path = options.path;
    this.#maxFileBytes = options.maxFileBytes;
    this.#tailBytes = options.tailBytes;
  }

  /** Creates the file. Throws the fs error when it cannot. */
  open(): void {
    this.#fd = openSync(this.path, "wx", 0o600);
  }

  get totalBytes(): number {
    return this.#total;
  }

  /** Why the file is incomplete, if it is. */
  get fileNote(): string | undefined {
    return this.#fileNote;
  }

  write(chunk: string | Uint8Array): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
    if (bytes.length === 0) return;
    this.#total += bytes.length;
    this.#writeFile(bytes);
    this.#appendTail(bytes);
  }

  /** Closes the file; later writes only reach the tail. */
  close(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // Already unusable; nothing more will be written.
    }
  }

  /**
   * Output from byte `from` to the end, at most the newest `maxBytes` of it (and never more than
   * the tail holds); `next` is where the following read starts.
   */
  read(from: number, maxBytes: number): { text: string; omittedBytes: number; next: number } {
    const tailStart = this.#total - this.#tailLength;
    const start = Math.max(from, this.#total - maxBytes, tailStart);
    if (start >= this.#total) return { text: "", omittedBytes: 0, next: this.#total };
    let bytes = Buffer.concat(this.#chunks).subarray(start - tailStart);
    // A cut may land inside a UTF-8 sequence: skip its continuation bytes.
    let skip = 0;
    if (start > from) while (skip < bytes.length && skip < 3 && (bytes[skip]! & 0xc0) === 0x80) skip++;
    bytes = bytes.subarray(skip);
    return {
      text: bytes.toString("utf8"),
      omittedBytes: Math.max(0, start - from) + skip,
      next: this.#total,
    };
  }

  /** The newest `maxBytes` of output. */
  tail(maxBytes: number): string {
    return this.read(0, maxBytes).text;
  }

  #writeFile(bytes: Buffer): void {
    if (this.#fd === undefined || this.#fileNote !== undefined) return;
    const room = this.#maxFileBytes - this.#fileBytes;
    const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
    try {
      if (part.length > 0) {
        writeSync(this.#fd, part);
        this.#fileBytes += part.length;
      }
      if (part.length < bytes.length) {
        this.#fileNote = `the output file is capped at ${this.#maxFileBytes} bytes; later output was not saved`;
        writeSync(this.#fd, `\n[… output truncated: ${this.#fileNote} …]\n`);
        this.close();
      }
    } catch (error) {
      this.#fileNote = `writing the output file failed (${error instanceof Error ? error.message : String(error)}); later output was not saved`;
      this.close();
    }
  }

  #appendTail(bytes: Buffer): void {
    if (bytes.length >= this.#tailBytes) {
      // Copy, so the tail does not pin a large chunk's memory.
      this.#chunks = [Buffer.from(bytes.subarray(bytes.length - this.#tailBytes))];
      this.#tailLength = this.#tailBytes;
      return;
    }
    this.#chunks.push(bytes);
    this.#tailLength += bytes.length;
    // Many tiny writes (a progress bar) would otherwise cost a Buffer object each.
    if (this.#chunks.length > 256) this.#chunks = [Buffer.concat(this.#chunks)];
    while (this.#tailLength - this.#chunks[0]!.length >= this.#tailBytes) {
      this.#tailLength -= this.#chunks.shift()!.length;
    }
    const excess = this.#tailLength - this.#tailBytes;
    if (excess > 0) {
      this.#chunks[0] = Buffer.from(this.#chunks[0]!.subarray(excess));
      this.#tailLength -= excess;
    }
  }
}
