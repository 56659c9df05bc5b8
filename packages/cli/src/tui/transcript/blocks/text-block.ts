import { sanitizeText, wrapWithPrefix } from "../../render/terminal-text.js";
import type { TranscriptBlock } from "../transcript.js";

export interface TextBlockOptions {
  /** Prefix of the first line (e.g. `"> "`); following lines are indented to match. */
  prefix?: string;
  /** Applied to each wrapped line. */
  style?: (line: string) => string;
  /** A blank line after the block. Default true. */
  spaced?: boolean;
  /** The text is Keel's own (already styled): skip sanitizing. */
  trusted?: boolean;
}

/** Plain wrapped text: prompts, notices, command output. Final as soon as it is created. */
export class TextBlock implements TranscriptBlock {
  readonly final = true;
  private readonly text: string;
  private readonly options: TextBlockOptions;
  private cache: { width: number; lines: string[] } | undefined;

  constructor(text: string, options: TextBlockOptions = {}) {
    this.text = options.trusted ? text : sanitizeText(text);
    this.options = options;
  }

  render(width: number): string[] {
    if (this.cache?.width === width) return this.cache.lines;
    const prefix = this.options.prefix ?? "";
    const rest = " ".repeat(prefix.length);
    const styleLine = this.options.style ?? ((l: string) => l);
    const lines = wrapWithPrefix(this.text, width, prefix, rest).map(styleLine);
    if (this.options.spaced !== false) lines.push("");
    this.cache = { width, lines };
    return lines;
  }

  invalidate(): void {
    this.cache = undefined;
  }
}
