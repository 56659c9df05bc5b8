import { diffStats, renderDiff } from "../../render/diff-view.js";
import { fitLine, sanitizeText, wrapWithPrefix } from "../../render/terminal-text.js";
import { style } from "../../render/theme.js";
import { type EditPreview, editPreview, keyArgument } from "../tool-presentation.js";
import type { TranscriptBlock } from "../transcript.js";
import type { ViewOptions } from "../view-options.js";

export type ToolCallStatus = "pending" | "running" | "done" | "error" | "denied" | "interrupted";

const COLLAPSED_OUTPUT_LINES = 3;
const EXPANDED_OUTPUT_LINES = 200;
const COLLAPSED_DIFF_LINES = 12;
const EXPANDED_DIFF_LINES = 400;
const MAX_OUTPUT_CHARS = 64 * 1024;

/**
 * One tool call: a single line (tool, key argument, status, duration) with its output or diff
 * beneath, collapsed to a few lines unless tool output is expanded (Ctrl+O). Final once the
 * model got its result (or the turn ended without one).
 */
export class ToolCallBlock implements TranscriptBlock {
  readonly toolUseId: string;
  readonly name: string;
  private readonly argument: string;
  private readonly preview: EditPreview | undefined;
  private readonly view: ViewOptions;
  private status: ToolCallStatus = "pending";
  private durationMs: number | undefined;
  private output = "";
  private note = "";
  private settled = false;
  private readonly spinner: () => string;

  constructor(options: {
    toolUseId: string;
    name: string;
    input: Record<string, unknown>;
    cwd: string;
    view: ViewOptions;
    spinner: () => string;
    /** A call from a stored session: the file has changed since, so no diff is drawn. */
    replayed?: boolean;
  }) {
    this.toolUseId = options.toolUseId;
    this.name = options.name;
    this.argument = keyArgument(options.name, options.input, options.cwd);
    this.preview = options.replayed ? undefined : editPreview(options.name, options.input, options.cwd);
    this.view = options.view;
    this.spinner = options.spinner;
  }

  get final(): boolean {
    return this.settled;
  }

  start(): void {
    if (this.status === "pending") this.status = "running";
  }

  end(isError: boolean, durationMs: number): void {
    if (this.status === "denied" || this.status === "interrupted") return;
    this.status = isError ? "error" : "done";
    this.durationMs = durationMs;
  }

  deny(reason: string): void {
    this.status = "denied";
    this.note = sanitizeText(reason);
  }

  /** The result the model received: the call is over. */
  settle(output: string, isError: boolean): void {
    this.output = sanitizeText(output.length > MAX_OUTPUT_CHARS ? output.slice(0, MAX_OUTPUT_CHARS) : output);
    if (isError && /interrupted/i.test(output) && this.status !== "denied") this.status = "interrupted";
    else if (isError && this.status !== "denied") this.status = "error";
    else if (this.status === "pending" || this.status === "running") this.status = "done";
    this.settled = true;
  }

  /** The turn ended without a result for this call. */
  abandon(): void {
    if (this.settled) return;
    if (this.status === "pending" || this.status === "running") this.status = "interrupted";
    this.settled = true;
  }

  render(width: number): string[] {
    const lines = [this.headline(width)];
    const expanded = this.view.expandTools;
    if (this.status === "denied") {
      lines.push(...wrapWithPrefix(this.note, width, "  ⎿ ", "    ").map(style.yellow));
    } else if (this.preview && this.status === "done") {
      const maxLines = expanded ? EXPANDED_DIFF_LINES : COLLAPSED_DIFF_LINES;
      lines.push(
        ...renderDiff(this.preview.oldText, this.preview.newText, {
          width,
          maxLines,
          startLine: this.preview.startLine,
        }),
      );
    } else if (this.output.trim() !== "") {
      lines.push(...this.outputLines(width, expanded));
    }
    lines.push("");
    return lines;
  }

  invalidate(): void {}

  private headline(width: number): string {
    const icon =
      this.status === "pending" || this.status === "running"
        ? style.cyan(this.spinner())
        : this.status === "done"
          ? style.green("●")
          : this.status === "denied"
            ? style.yellow("●")
            : style.red("●");
    let tail = "";
    if (this.preview && this.status === "done") {
      const { added, removed } = diffStats(this.preview.oldText, this.preview.newText);
      tail += style.gray(` ${this.preview.created ? "created, " : ""}+${added} -${removed}`);
    }
    if (this.status === "denied") tail += style.yellow(" denied");
    if (this.status === "interrupted") tail += style.red(" interrupted");
    if (this.status === "error") tail += style.red(" failed");
    if (this.durationMs !== undefined) tail += style.gray(` ${formatDuration(this.durationMs)}`);
    const head = `${icon} ${style.bold(this.name)}`;
    const room = Math.max(0, width - this.name.length - 4 - visibleLength(tail));
    const arg = this.argument === "" ? "" : `(${cut(this.argument, room)})`;
    return fitLine(`${head}${arg}${tail}`, width);
  }

  private outputLines(width: number, expanded: boolean): string[] {
    const all = this.output.replace(/\n+$/, "").split("\n");
    const max = expanded ? EXPANDED_OUTPUT_LINES : COLLAPSED_OUTPUT_LINES;
    const shown = all.slice(0, max);
    const colour = this.status === "error" || this.status === "interrupted" ? style.red : style.gray;
    const out = shown.map((l, i) => fitLine(`${i === 0 ? "  ⎿ " : "    "}${colour(l)}`, width));
    if (all.length > shown.length)
      out.push(fitLine(style.gray(`    … +${all.length - shown.length} lines (ctrl+o to expand)`), width));
    return out;
  }
}

function visibleLength(styled: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping our own SGR codes
  return styled.replace(/\x1b\[[0-9;]*m/g, "").length;
}

function cut(text: string, room: number): string {
  if (room <= 1) return "…";
  return text.length > room ? `${text.slice(0, room - 1)}…` : text;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
