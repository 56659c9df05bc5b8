import { diffLines, withContext } from "./line-diff.js";
import { fitLine, sanitizeText } from "./terminal-text.js";
import { style } from "./theme.js";

export interface DiffViewOptions {
  width: number;
  /** Most lines shown; the rest is summarized. */
  maxLines: number;
  /** Line number where the old text starts in its file. Default 1. */
  startLine?: number;
  /** Left margin. Default four spaces. */
  indent?: string;
}

/**
 * A coloured, numbered diff (removed lines red with `-`, added green with `+`, three lines of
 * context), each line cut to the width. Used for Edit/Write calls and their permission dialog.
 */
export function renderDiff(oldText: string, newText: string, options: DiffViewOptions): string[] {
  const indent = options.indent ?? "    ";
  const entries = withContext(
    diffLines(sanitizeText(oldText), sanitizeText(newText), options.startLine ?? 1),
  );
  const numberWidth = String(entries.reduce((max, e) => Math.max(max, e?.line ?? 0), 0)).length;
  const out: string[] = [];
  for (const e of entries) {
    if (out.length >= options.maxLines) break;
    if (e === null) {
      out.push(fitLine(`${indent}${style.gray("⋮")}`, options.width));
      continue;
    }
    const num = String(e.line).padStart(numberWidth);
    const sign = e.kind === "added" ? "+" : e.kind === "removed" ? "-" : " ";
    const body = `${num} ${sign} ${e.text}`;
    const coloured =
      e.kind === "added" ? style.added(body) : e.kind === "removed" ? style.removed(body) : style.gray(body);
    out.push(fitLine(`${indent}${coloured}`, options.width));
  }
  const hidden = entries.length - Math.min(entries.length, options.maxLines);
  if (hidden > 0)
    out.push(fitLine(`${indent}${style.gray(`… ${hidden} more diff lines (ctrl+o)`)}`, options.width));
  return out;
}

/** Counts of added and removed lines, for one-line summaries ("+12 -3"). */
export function diffStats(oldText: string, newText: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of diffLines(oldText, newText)) {
    if (l.kind === "added") added++;
    else if (l.kind === "removed") removed++;
  }
  return { added, removed };
}
