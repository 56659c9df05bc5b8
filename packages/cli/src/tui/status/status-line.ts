import type { Component } from "@earendil-works/pi-tui";
import { fitLine } from "../render/terminal-text.js";
import { style } from "../render/theme.js";
import { formatCost, formatTokens, type SessionStats } from "./session-stats.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const MODE_LABEL: Record<string, string> = {
  default: "default mode",
  acceptEdits: "accept edits",
  plan: "plan mode",
  dontAsk: "don't ask",
  bypassPermissions: "bypass permissions",
};

export interface StatusSource {
  readonly model: string;
  readonly permissionMode: string;
  /** The model's context window in tokens, when the catalog knows it. */
  readonly contextWindow: number | undefined;
  readonly stats: SessionStats;
  /** Set while a run (or a `!` command) is in progress. */
  readonly busySince: number | undefined;
  readonly busyLabel: string;
  /** Queued messages waiting to be delivered to the agent. */
  readonly queued: readonly string[];
  /** A transient hint (e.g. "Press Ctrl-C again to exit"). */
  readonly hint: string | undefined;
}

/**
 * The lines around the prompt: a spinner line while the agent works (elapsed time, tokens), queued
 * messages, and a footer with model, permission mode, context use and session cost.
 */
export class StatusLine implements Component {
  private readonly source: StatusSource;
  private frame = 0;

  constructor(source: StatusSource) {
    this.source = source;
  }

  /** Advance the spinner (called by a timer while busy). */
  tick(): void {
    this.frame = (this.frame + 1) % FRAMES.length;
  }

  get spinnerFrame(): string {
    return FRAMES[this.frame] as string;
  }

  renderBusy(width: number): string[] {
    const s = this.source;
    const out: string[] = [];
    if (s.busySince !== undefined) {
      const seconds = Math.floor((performance.now() - s.busySince) / 1000);
      const tokens = s.stats.liveTokens;
      const detail = [`${seconds}s`, tokens > 0 ? `↓ ${formatTokens(tokens)} tokens` : "", "esc to interrupt"]
        .filter(Boolean)
        .join(" · ");
      out.push(
        fitLine(
          `${style.cyan(this.spinnerFrame)} ${style.cyan(`${s.busyLabel}…`)} ${style.gray(`(${detail})`)}`,
          width,
        ),
      );
    }
    for (const q of s.queued) out.push(fitLine(style.gray(`  ↳ queued: ${q.replace(/\s+/g, " ")}`), width));
    return out;
  }

  renderFooter(width: number): string[] {
    const s = this.source;
    const parts: string[] = [s.model];
    const mode = MODE_LABEL[s.permissionMode] ?? s.permissionMode;
    parts.push(s.permissionMode === "default" ? mode : style.yellow(mode));
    if (s.contextWindow !== undefined && s.contextWindow > 0) {
      const pct = Math.min(100, (s.stats.contextTokens / s.contextWindow) * 100);
      const text = `ctx ${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
      parts.push(pct >= 80 ? style.red(text) : pct >= 60 ? style.yellow(text) : text);
    } else parts.push(`ctx ${formatTokens(s.stats.contextTokens)}`);
    parts.push(formatCost(s.stats.costUsd));
    const left = parts.join(style.gray(" · "));
    const hint = s.hint ?? "? /help · shift+tab mode";
    return [fitLine(`${style.gray(" ")}${left}${style.gray("  ")}${style.gray(hint)}`, width)];
  }

  render(width: number): string[] {
    return this.renderBusy(width);
  }

  invalidate(): void {}
}

/** The footer below the editor, as its own component. */
export class StatusFooter implements Component {
  private readonly line: StatusLine;

  constructor(line: StatusLine) {
    this.line = line;
  }

  render(width: number): string[] {
    return this.line.renderFooter(width);
  }

  invalidate(): void {}
}
