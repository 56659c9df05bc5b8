/**
 * Keeps the page `[offset, offset + limit)` of a stream of lines, within a character budget,
 * while counting them all: paging through huge outputs holds only one page in memory.
 */
export class LinePage {
  readonly lines: string[] = [];
  /** Lines offered in total. */
  total = 0;
  #chars = 0;
  #full = false;
  readonly #offset: number;
  readonly #limit: number;
  readonly #maxChars: number;

  /** `limit` 0 means no line limit (the character budget still applies). */
  constructor(offset: number, limit: number, maxChars: number) {
    this.#offset = offset;
    this.#limit = limit === 0 ? Number.POSITIVE_INFINITY : limit;
    this.#maxChars = maxChars;
  }

  add(line: string): void {
    const index = this.total++;
    if (index < this.#offset || this.#full || this.lines.length >= this.#limit) return;
    if (this.lines.length > 0 && this.#chars + line.length + 1 > this.#maxChars) {
      this.#full = true;
      return;
    }
    this.#chars += line.length + 1;
    this.lines.push(line);
  }

  /** The offset that continues after this page, or undefined when nothing follows it. */
  nextOffset(): number | undefined {
    const next = this.#offset + this.lines.length;
    return next < this.total ? next : undefined;
  }

  /** A note for the model when the page is not everything (empty string otherwise). */
  note(noun: string, cutByChars = this.#full): string {
    const next = this.nextOffset();
    if (next === undefined) return "";
    const from = this.#offset + 1;
    const why = cutByChars ? " (output size limit reached)" : "";
    return `\n\n(Showing ${noun} ${from}-${next} of ${this.total}${why}. Call Grep again with offset ${next} for more.)`;
  }
}
