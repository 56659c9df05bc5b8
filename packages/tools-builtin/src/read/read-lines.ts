import { createReadStream } from "node:fs";

export interface ReadLinesOptions {
  /** First line to return, 1-based. */
  offset: number;
  /** Most lines to return. */
  limit: number;
  /** Longer lines are cut to this many characters plus a marker. */
  maxLineChars: number;
  /** Stop before the returned lines (as formatted) exceed this many characters. */
  maxChars: number;
  signal: AbortSignal;
}

export interface ReadLinesResult {
  /** Line number of `lines[0]`. */
  firstLine: number;
  lines: string[];
  /** Lines seen in total (== the file's line count when `more` is false). */
  linesSeen: number;
  /** The file continues after the last returned line. */
  more: boolean;
  /** Stopped because of `maxChars` rather than `limit`. */
  hitCharLimit: boolean;
}

/** Width of the `cat -n` style prefix: number right-aligned to 6, then a tab. */
export const LINE_PREFIX_CHARS = 7;

/**
 * Streams a UTF-8 file line by line without loading it whole: memory stays bounded by the chunk
 * size and `maxChars`, even for a single huge line. Stops as soon as it knows whether more lines
 * follow the requested window.
 */
export async function readLines(path: string, options: ReadLinesOptions): Promise<ReadLinesResult> {
  const { offset, limit, maxLineChars, maxChars, signal } = options;
  const lines: string[] = [];
  let lineNo = 1; // number of the line being read
  let partial = ""; // kept part of the current line (only for wanted lines)
  let partialLength = 0; // full length of the current line so far
  let usedChars = 0;
  let hitCharLimit = false;
  let done = false;
  let more = false;

  const wanted = () => lineNo >= offset && lines.length < limit;
  const finishLine = () => {
    if (wanted()) {
      let line = partial.endsWith("\r") && partialLength <= maxLineChars ? partial.slice(0, -1) : partial;
      if (lineNo === 1 && line.startsWith("\uFEFF")) line = line.slice(1);
      if (partialLength > maxLineChars) {
        line += `… [line truncated: ${partialLength - maxLineChars} more characters]`;
      }
      const cost = line.length + LINE_PREFIX_CHARS + 1;
      if (lines.length > 0 && usedChars + cost > maxChars) {
        hitCharLimit = true;
        more = true;
        done = true;
        return;
      }
      usedChars += cost;
      lines.push(line);
    }
    lineNo++;
    partial = "";
    partialLength = 0;
    if (lines.length >= limit) done = true;
  };
  const append = (piece: string) => {
    if (piece.length === 0) return;
    if (wanted() && partialLength < maxLineChars) partial += piece.slice(0, maxLineChars - partialLength);
    partialLength += piece.length;
  };

  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      if (signal.aborted) throw new Error("Read was interrupted.");
      let start = 0;
      if (done) {
        more = chunk.length > 0;
        break;
      }
      while (start < chunk.length) {
        const nl = chunk.indexOf("\n", start);
        if (nl === -1) {
          append(chunk.slice(start));
          break;
        }
        append(chunk.slice(start, nl));
        finishLine();
        start = nl + 1;
        if (done) {
          if (!hitCharLimit) more = start < chunk.length;
          break;
        }
      }
      if (done && (more || hitCharLimit)) break;
    }
    // A last line without a trailing newline.
    if (!done && partialLength > 0) finishLine();
  } finally {
    stream.destroy();
  }
  return { firstLine: offset, lines, linesSeen: lineNo - 1, more, hitCharLimit };
}
