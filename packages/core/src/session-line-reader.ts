import type { FileHandle } from "node:fs/promises";

/** What a store read from disk: lets tests and benches check that resume and listing stay bounded. */
export interface ReadStats {
  bytes: number;
  reads: number;
}

/** Read `length` bytes at `position` (fewer at the end of the file), counting them. */
export async function readAt(
  fh: FileHandle,
  position: number,
  length: number,
  stats: ReadStats,
): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    stats.reads++;
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  stats.bytes += got;
  return got === length ? buf : buf.subarray(0, got);
}

/** One line of a session file (without its `\n`) and the byte offset where it starts. */
export interface FileLine {
  offset: number;
  bytes: Buffer;
  /** False only for a last line with no `\n` after it (a torn write, or one not finished yet). */
  terminated: boolean;
}

/** Complete lines of a buffer read at `base`; bytes after the last `\n` are not a line. */
export function completeLines(buf: Buffer, base: number): FileLine[] {
  const lines: FileLine[] = [];
  let start = 0;
  for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
    lines.push({ offset: base + start, bytes: buf.subarray(start, nl), terminated: true });
    start = nl + 1;
  }
  return lines;
}

export const BACKWARD_CHUNK = 256 * 1024;

/**
 * Yields the lines of the byte range [start, end) of a file from the last to the first, reading
 * fixed-size chunks backwards. Memory holds one chunk plus the line being assembled, however
 * large the file. `end` is the file size (or a line start); `start` must be a line start.
 */
export class BackwardLineReader {
  private readonly fh: FileHandle;
  private readonly start: number;
  private readonly stats: ReadStats;
  private readonly chunkSize: number;
  private pos: number;
  /** Pieces of the line that began before the chunks read so far, front to back. */
  private carry: Buffer[] = [];
  private ready: FileLine[] = [];
  private sawNewline = false;

  constructor(
    fh: FileHandle,
    range: { start: number; end: number },
    stats: ReadStats,
    chunkSize = BACKWARD_CHUNK,
  ) {
    this.fh = fh;
    this.start = range.start;
    this.pos = range.end;
    this.stats = stats;
    this.chunkSize = chunkSize;
  }

  /** True when every line of the range has been returned. */
  get exhausted(): boolean {
    return this.ready.length === 0 && this.pos <= this.start && this.carry.length === 0;
  }

  /** The previous line, or undefined at the start of the range. */
  async next(): Promise<FileLine | undefined> {
    while (this.ready.length === 0) {
      if (this.pos <= this.start) return undefined;
      const from = Math.max(this.start, this.pos - this.chunkSize);
      const buf = await readAt(this.fh, from, this.pos - from, this.stats);
      this.pos = from;
      const found: FileLine[] = [];
      let segEnd = buf.length;
      while (segEnd > 0) {
        const nl = buf.lastIndexOf(10, segEnd - 1);
        if (nl < 0) break;
        const line = this.take(from + nl + 1, buf.subarray(nl + 1, segEnd));
        if (line) found.push(line);
        segEnd = nl;
      }
      if (from === this.start) {
        // The range's first line (possibly empty) ends at the first newline.
        const line = this.take(from, buf.subarray(0, segEnd));
        if (line) found.push(line);
      } else if (segEnd > 0) this.carry.unshift(buf.subarray(0, segEnd));
      // `found` is already last-to-first; `ready` is popped from its end.
      this.ready = found.reverse();
    }
    return this.ready.pop();
  }

  /** Joins `segment` with the carried rest of its line. */
  private take(offset: number, segment: Buffer): FileLine | undefined {
    const bytes = this.carry.length > 0 ? Buffer.concat([segment, ...this.carry]) : segment;
    this.carry = [];
    const first = !this.sawNewline;
    this.sawNewline = true;
    // The empty "line" after a final newline is not a line.
    if (first && bytes.length === 0 && offset > this.start) return undefined;
    return { offset, bytes, terminated: !first };
  }
}
