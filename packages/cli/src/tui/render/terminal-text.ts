import { truncateToWidth, visibleWidth, wrapTextWithAnsi } from "@earendil-works/pi-tui";

// ESC-introduced sequences: CSI (ESC [ … final), OSC/DCS/APC/PM/SOS (… BEL or ESC \), and two-byte escapes.
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control sequences is the point
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][\s\S]*?(?:\x07|\x1b\\|$)|[@-Z\\-_]|[ -/]*[0-~]?)/g;
// C0 controls except \t and \n, DEL, C1 controls, and bidi overrides that would reorder the screen.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes text from outside (model output, tool output, file names, pasted input) safe to draw:
 * escape sequences are removed (a tool printing `ESC c` must not reset the terminal), carriage
 * returns become line breaks, tabs become spaces, other control characters are dropped.
 */
export function sanitizeText(text: string): string {
  let out = text;
  if (out.includes("\x1b")) out = out.replace(ESCAPE_SEQUENCE, "");
  if (out.includes("\r")) out = out.replace(/\r\n?/g, "\n");
  if (out.includes("\t")) out = out.replace(/\t/g, "    ");
  return out.replace(CONTROL, "");
}

/** Cuts a (possibly styled) line to `width` columns, marking the cut with an ellipsis. */
export function fitLine(line: string, width: number): string {
  if (width <= 0) return "";
  if (visibleWidth(line) <= width) return line;
  return truncateToWidth(line, width, width > 1 ? "…" : "");
}

/**
 * Wraps styled text to `width` columns, line breaks kept. East Asian wide characters count two
 * columns; a character wider than the whole width is dropped rather than overflowing.
 */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0) return [];
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") {
      out.push("");
      continue;
    }
    for (const wrapped of wrapTextWithAnsi(line, width)) {
      out.push(visibleWidth(wrapped) <= width ? wrapped : truncateToWidth(wrapped, width, ""));
    }
  }
  return out;
}

/** Prefixes the first line with `first` and the others with `rest` (same width), wrapping to fit. */
export function wrapWithPrefix(text: string, width: number, first: string, rest: string): string[] {
  const inner = Math.max(1, width - visibleWidth(first));
  return wrapText(text, inner).map((l, i) => fitLine(`${i === 0 ? first : rest}${l}`, width));
}
