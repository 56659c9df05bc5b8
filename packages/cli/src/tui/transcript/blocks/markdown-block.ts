import { Markdown } from "@earendil-works/pi-tui";
import { fitLine, sanitizeText } from "../../render/terminal-text.js";
import { markdownTheme, style } from "../../render/theme.js";
import type { TranscriptBlock } from "../transcript.js";

const BULLET = "● ";
const INDENT = "  ";
/** Past this many lines without a blank line, the tail is cut at a line break (outside fences). */
const MAX_TAIL_LINES = 200;

/** Where the text can be cut into independently rendered parts: after a blank line outside a code fence. */
function stableCut(text: string, from: number): number {
  let cut = -1;
  let inFence = false;
  let lineStart = from;
  let lines = 0;
  let lastBreak = -1;
  while (lineStart < text.length) {
    const nl = text.indexOf("\n", lineStart);
    if (nl === -1) break;
    const line = text.slice(lineStart, nl);
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    else if (!inFence && line.trim() === "") cut = nl + 1;
    else if (!inFence && !line.trimStart().startsWith("|")) lastBreak = nl + 1;
    lines++;
    lineStart = nl + 1;
  }
  if (cut === -1 && lines > MAX_TAIL_LINES && lastBreak !== -1) return lastBreak;
  return inFence && cut === -1 ? -1 : cut;
}

/**
 * The assistant's streamed answer as markdown. Text arrives in deltas; the part before the last
 * blank line is rendered once and cached, so a long answer costs only its tail per frame.
 */
export class MarkdownBlock implements TranscriptBlock {
  private text = "";
  private chunks: Array<{ md: Markdown; gapAfter: boolean }> = [];
  private chunkedUpTo = 0;
  private readonly tail: Markdown;
  private done = false;
  private readonly dimmed: boolean;

  constructor(options: { dimmed?: boolean } = {}) {
    this.dimmed = options.dimmed ?? false;
    this.tail = this.newMarkdown("");
  }

  get final(): boolean {
    return this.done;
  }

  get content(): string {
    return this.text;
  }

  append(delta: string): void {
    this.text += sanitizeText(delta);
    const cut = stableCut(this.text, this.chunkedUpTo);
    if (cut > this.chunkedUpTo) {
      const part = this.text.slice(this.chunkedUpTo, cut);
      const trimmed = part.replace(/\n+$/, "");
      if (trimmed.trim() !== "")
        this.chunks.push({ md: this.newMarkdown(trimmed), gapAfter: /\n\s*\n$/.test(part) });
      this.chunkedUpTo = cut;
    }
    this.tail.setText(this.text.slice(this.chunkedUpTo));
  }

  finish(): void {
    this.done = true;
  }

  render(width: number): string[] {
    const inner = Math.max(1, width - BULLET.length);
    const body: string[] = [];
    for (const { md, gapAfter } of this.chunks) {
      body.push(...md.render(inner));
      if (gapAfter) body.push("");
    }
    body.push(...this.tail.render(inner));
    while (body.length > 0 && (body[body.length - 1] as string).trim() === "") body.pop();
    if (body.length === 0) return [];
    const lines = body.map((l, i) =>
      fitLine(`${i === 0 ? style.gray(BULLET) : INDENT}${l.trimEnd()}`, width),
    );
    lines.push("");
    return lines;
  }

  invalidate(): void {
    for (const c of this.chunks) c.md.invalidate();
    this.tail.invalidate();
  }

  private newMarkdown(text: string): Markdown {
    const defaults = this.dimmed ? { color: style.gray, italic: true } : undefined;
    return new Markdown(text, 0, 0, markdownTheme, defaults, { preserveOrderedListMarkers: true });
  }
}
