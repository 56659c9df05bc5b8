import { fitLine, sanitizeText, wrapWithPrefix } from "../../render/terminal-text.js";
import { style } from "../../render/theme.js";
import type { TranscriptBlock } from "../transcript.js";
import type { ViewOptions } from "../view-options.js";

/** Extended thinking: dimmed, collapsed to one line unless thinking is shown (Ctrl+T). */
export class ThinkingBlock implements TranscriptBlock {
  private text = "";
  private done = false;
  private readonly view: ViewOptions;
  private readonly started = performance.now();
  private seconds = 0;

  constructor(view: ViewOptions) {
    this.view = view;
  }

  get final(): boolean {
    return this.done;
  }

  append(delta: string): void {
    this.text += sanitizeText(delta);
  }

  finish(): void {
    if (this.done) return;
    this.done = true;
    this.seconds = Math.max(1, Math.round((performance.now() - this.started) / 1000));
  }

  render(width: number): string[] {
    if (this.text.trim() === "") return [];
    if (this.view.showThinking) {
      const lines = wrapWithPrefix(this.text.trim(), width, "✻ ", "  ").map((l) =>
        style.dim(style.italic(l)),
      );
      lines.push("");
      return lines;
    }
    if (!this.done) {
      const last = this.text.trim().split("\n").pop() ?? "";
      return wrapWithPrefix(`Thinking… ${last}`, width, "✻ ", "  ")
        .slice(0, 1)
        .map((l) => style.dim(style.italic(l)));
    }
    const lineCount = this.text.trim().split("\n").length;
    const summary = `✻ Thought for ${this.seconds}s (${lineCount} line${lineCount === 1 ? "" : "s"}; ctrl+t shows thinking)`;
    return [fitLine(style.dim(summary), width), ""];
  }

  invalidate(): void {}
}
