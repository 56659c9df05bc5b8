import { createWriteStream, type WriteStream } from "node:fs";

export interface CollectedOutput {
  /** The whole output, or head + note + tail when it was longer than the limit. */
  text: string;
  totalChars: number;
  truncated: boolean;
  /** Where the full output was saved when truncated (undefined if saving failed). */
  savedTo: string | undefined;
}

/**
 * Collects command output with bounded memory: everything up to `maxChars`; beyond that, the
 * head and a rolling tail are kept and the full output streams to `spillPath`.
 */
export class OutputCollector {
  readonly #maxChars: number;
  readonly #spillPath: string;
  #buffer = "";
  #head = "";
  #tail = "";
  #total = 0;
  #spill: WriteStream | undefined;
  #spillFailed = false;

  constructor(maxChars: number, spillPath: string) {
    this.#maxChars = maxChars;
    this.#spillPath = spillPath;
  }

  push(text: string): void {
    if (text.length === 0) return;
    this.#total += text.length;
    if (this.#spill === undefined) {
      if (this.#total <= this.#maxChars) {
        this.#buffer += text;
        return;
      }
      const all = this.#buffer + text;
      this.#buffer = "";
      this.#head = all.slice(0, Math.ceil(this.#maxChars / 2));
      this.#tail = all.slice(-Math.floor(this.#maxChars / 2));
      this.#spill = createWriteStream(this.#spillPath, { flags: "wx", mode: 0o600 });
      this.#spill.on("error", () => {
        this.#spillFailed = true;
      });
      this.#spill.write(all);
      return;
    }
    this.#spill.write(text);
    this.#tail = (this.#tail + text).slice(-Math.floor(this.#maxChars / 2));
  }

  async finish(): Promise<CollectedOutput> {
    const spill = this.#spill;
    if (spill === undefined) {
      return { text: this.#buffer, totalChars: this.#total, truncated: false, savedTo: undefined };
    }
    await new Promise<void>((resolve) => {
      if (this.#spillFailed) resolve();
      else spill.end(() => resolve());
      spill.once("error", () => resolve());
    });
    const savedTo = this.#spillFailed ? undefined : this.#spillPath;
    const omitted = this.#total - this.#head.length - this.#tail.length;
    const where =
      savedTo === undefined
        ? "the full output could not be saved"
        : `full output (${this.#total} characters) saved to ${savedTo}; read it with Read (offset/limit) or grep`;
    return {
      text: `${this.#head}\n\n[… ${omitted} characters omitted; ${where} …]\n\n${this.#tail}`,
      totalChars: this.#total,
      truncated: true,
      savedTo,
    };
  }
}
