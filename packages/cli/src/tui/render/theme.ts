import type { EditorTheme, MarkdownTheme, SelectListTheme } from "@earendil-works/pi-tui";
import { highlightCode } from "./code-highlight.js";

/** One SGR style: wraps text in an escape sequence and its reset (no chalk, no colour detection). */
function sgr(open: string, close: string): (text: string) => string {
  return (text) => (text === "" ? "" : `\x1b[${open}m${text}\x1b[${close}m`);
}

/** The palette of the TUI. 16-colour codes only, so every terminal theme keeps them legible. */
export const style = {
  bold: sgr("1", "22"),
  dim: sgr("2", "22"),
  italic: sgr("3", "23"),
  underline: sgr("4", "24"),
  strike: sgr("9", "29"),
  inverse: sgr("7", "27"),
  red: sgr("31", "39"),
  green: sgr("32", "39"),
  yellow: sgr("33", "39"),
  blue: sgr("34", "39"),
  magenta: sgr("35", "39"),
  cyan: sgr("36", "39"),
  gray: sgr("90", "39"),
  /** Removed lines of a diff. */
  removed: sgr("31", "39"),
  /** Added lines of a diff. */
  added: sgr("32", "39"),
  accent: sgr("36", "39"),
  warning: sgr("33", "39"),
  error: sgr("31", "39"),
  success: sgr("32", "39"),
} as const;

export const markdownTheme: MarkdownTheme = {
  heading: (t) => style.bold(style.cyan(t)),
  link: style.underline,
  linkUrl: style.gray,
  code: style.yellow,
  codeBlock: (t) => t,
  codeBlockBorder: style.gray,
  quote: style.italic,
  quoteBorder: style.gray,
  hr: style.gray,
  listBullet: style.cyan,
  bold: style.bold,
  italic: style.italic,
  strikethrough: style.strike,
  underline: style.underline,
  highlightCode,
};

export const selectListTheme: SelectListTheme = {
  selectedPrefix: style.cyan,
  selectedText: (t) => style.bold(style.cyan(t)),
  description: style.gray,
  scrollInfo: style.gray,
  noMatch: style.gray,
};

export const editorTheme: EditorTheme = {
  borderColor: style.gray,
  selectList: selectListTheme,
};
