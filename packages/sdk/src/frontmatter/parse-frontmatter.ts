/** A frontmatter value: a scalar (kept as text), a list of scalars, or null (empty). */
export type FrontmatterValue = string | string[] | null;

export type FrontmatterParse =
  /** `fields` is null when the text does not start with a `---` line (it has no frontmatter). */
  { ok: true; fields: Record<string, FrontmatterValue> | null; body: string } | { ok: false; error: string };

export interface FrontmatterOptions {
  /**
   * Read `key: [a, b]` as a list (YAML). Default true. Off, such values stay text: command
   * files write `argument-hint: [pr] [priority]`, a plain hint that is not YAML.
   */
  flowLists?: boolean;
}

const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*:(?:\s+(.*)|)$/;
const BLOCK_SCALAR = /^([|>])[+-]?$/;
const FENCE_END = /^(---|\.\.\.)\s*$/;

/**
 * Splits `---`-fenced frontmatter from a markdown body and reads the small YAML subset agent,
 * command and skill files use: `key: value` (plain, 'single' or "double" quoted, with indented
 * continuation lines), `key: [a, b]`, `key:` followed by `- item` lines, `|`/`>` block scalars
 * and `#` comments. Numbers and booleans stay text; the caller interprets them. Anything else
 * is an error naming the line.
 */
export function parseFrontmatter(text: string, options: FrontmatterOptions = {}): FrontmatterParse {
  const src = text.replace(/^\uFEFF/, "");
  const lines = src.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return { ok: true, fields: null, body: src };
  const end = lines.findIndex((line, i) => i > 0 && FENCE_END.test(line));
  if (end === -1) return { ok: false, error: 'its frontmatter has no closing "---" line' };

  const fields: Record<string, FrontmatterValue> = {};
  let i = 1;
  while (i < end) {
    const line = lines[i] as string;
    if (isBlankOrComment(line)) {
      i++;
      continue;
    }
    const match = KEY_LINE.exec(line.trimEnd());
    if (match === null) return { ok: false, error: `line ${i + 1} is not "key: value": ${line.trim()}` };
    const key = match[1] as string;
    const raw = stripComment(match[2] ?? "").trim();
    // The indented lines that belong to this key.
    let next = i + 1;
    while (next < end && (isBlankOrComment(lines[next] as string) || /^\s/.test(lines[next] as string)))
      next++;
    const nested = lines.slice(i + 1, next);
    const value = readValue(raw, nested, options.flowLists ?? true);
    if (typeof value === "object" && value !== null && "error" in value) {
      return { ok: false, error: `line ${i + 1} (${key}): ${value.error}` };
    }
    fields[key] = value;
    i = next;
  }
  return { ok: true, fields, body: lines.slice(end + 1).join("\n") };
}

function readValue(raw: string, nested: string[], flowLists: boolean): FrontmatterValue | { error: string } {
  const content = nested.filter((line) => !isBlankOrComment(line));
  if (BLOCK_SCALAR.test(raw)) return blockScalar(raw.startsWith("|"), nested);
  if (raw === "") {
    if (content.length === 0) return null;
    if (content.every((line) => /^\s*-(\s|$)/.test(line))) {
      const items: string[] = [];
      for (const line of content) {
        const item = scalar(stripComment(line.replace(/^\s*-\s?/, "")).trim());
        if (typeof item !== "string") return item;
        items.push(item);
      }
      return items;
    }
    return { error: "expected a list of `- item` lines" };
  }
  if (flowLists && raw.startsWith("[")) {
    if (!raw.endsWith("]") || content.length > 0)
      return { error: "a [list] must end with ] on the same line" };
    const items: string[] = [];
    for (const part of splitFlowList(raw.slice(1, -1))) {
      const item = scalar(part.trim());
      if (typeof item !== "string") return item;
      if (item !== "") items.push(item);
    }
    return items;
  }
  if (raw.startsWith('"') || raw.startsWith("'")) {
    if (content.length > 0) return { error: "a quoted value must end on its own line" };
    return scalar(raw);
  }
  // A plain scalar may continue on indented lines; YAML folds them with spaces.
  return [raw, ...content.map((line) => stripComment(line).trim())].join(" ");
}

function scalar(text: string): string | { error: string } {
  if (text.startsWith('"')) {
    if (text.length < 2 || !text.endsWith('"')) return { error: "unterminated double-quoted value" };
    try {
      return JSON.parse(text) as string;
    } catch {
      return { error: "invalid escape in a double-quoted value" };
    }
  }
  if (text.startsWith("'")) {
    if (text.length < 2 || !text.endsWith("'")) return { error: "unterminated single-quoted value" };
    return text.slice(1, -1).replaceAll("''", "'");
  }
  return text;
}

/** `|` keeps line breaks, `>` folds lines into one paragraph (blank lines stay breaks). */
function blockScalar(literal: boolean, nested: string[]): string {
  const indents = nested.filter((l) => l.trim() !== "").map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const indent = indents.length === 0 ? 0 : Math.min(...indents);
  const lines = nested.map((l) => l.slice(indent));
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === "") lines.pop();
  if (literal) return lines.join("\n");
  return lines
    .join("\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\n/g, " "))
    .join("\n");
}

function splitFlowList(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ",") {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === "" || trimmed.startsWith("#");
}

/** ` # comment` after a plain value (a `#` inside a word or quotes is text). */
function stripComment(text: string): string {
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    let j = 1;
    while (j < text.length) {
      if (quote === '"' && text[j] === "\\") j += 2;
      else if (text[j] === quote && quote === "'" && text[j + 1] === "'") j += 2;
      else if (text[j] === quote) break;
      else j++;
    }
    return /^\s*(#.*)?$/.test(text.slice(j + 1)) ? text.slice(0, j + 1) : text;
  }
  const at = text.search(/\s#/);
  return at === -1 ? text : text.slice(0, at);
}
