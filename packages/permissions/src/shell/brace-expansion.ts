import type { SyntaxNode } from "./bash-parser.js";

/**
 * One piece of a word for brace expansion: a character of unquoted text (`raw` keeps a
 * backslash escape, `special` marks an unescaped `{`, `}` or `,`) or a node that expands as a
 * whole (a quoted string, `$x`, `$(…)`) and can't take part in a brace expression.
 */
export type BraceToken =
  | { kind: "char"; raw: string; special: "{" | "}" | "," | undefined }
  | { kind: "node"; node: SyntaxNode };

/** More words than this from one word: treated as unknown rather than enumerated. */
export const MAX_BRACE_WORDS = 256;

const UNQUOTED_TEXT = new Set(["word", "brace_expression"]);

/** The word's tokens, in order. */
export function braceTokens(node: SyntaxNode): BraceToken[] {
  if (node.type === "concatenation") return node.children.flatMap(braceTokens);
  if (!UNQUOTED_TEXT.has(node.type)) return [{ kind: "node", node }];
  const out: BraceToken[] = [];
  const text = node.text;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\\" && i + 1 < text.length) {
      out.push({ kind: "char", raw: text.slice(i, i + 2), special: undefined });
      i++;
    } else out.push({ kind: "char", raw: c, special: c === "{" || c === "}" || c === "," ? c : undefined });
  }
  return out;
}

const isSpecial = (t: BraceToken | undefined, c: "{" | "}" | ","): boolean =>
  t?.kind === "char" && t.special === c;

const chars = (text: string): BraceToken[] =>
  [...text].map((raw) => ({ kind: "char", raw, special: undefined }) as const);

type Alternatives = BraceToken[][] | "invalid" | "unknown";

const NUMERIC = /^([-+]?\d+)\.\.([-+]?\d+)(?:\.\.([-+]?\d+))?$/;
const LETTERS = /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.([-+]?\d+))?$/;

/** `{x..y[..incr]}`: the words it makes, `invalid` (bash leaves it as written) or `unknown`. */
function sequence(inner: readonly BraceToken[]): Alternatives {
  if (inner.some((t) => t.kind !== "char" || t.special !== undefined)) return "invalid";
  const text = inner.map((t) => (t.kind === "char" ? t.raw : "")).join("");
  const numeric = NUMERIC.exec(text);
  const letters = numeric === null ? LETTERS.exec(text) : null;
  const m = numeric ?? letters;
  if (m === null) return "invalid";
  const step = Math.abs(Number(m[3] ?? "1")) || 1;
  if (numeric !== null) {
    const [from, to] = [Number(m[1]), Number(m[2])];
    if (Math.abs(to - from) / step >= MAX_BRACE_WORDS) return "unknown";
    const padded = [m[1], m[2]].some((s) => /^[-+]?0\d/.test(s as string));
    const width = padded ? Math.max((m[1] as string).length, (m[2] as string).length) : 0;
    const out: BraceToken[][] = [];
    const dir = to >= from ? 1 : -1;
    for (let n = from; dir > 0 ? n <= to : n >= to; n += dir * step) {
      const digits = String(Math.abs(n)).padStart(width - (n < 0 ? 1 : 0), "0");
      out.push(chars(`${n < 0 ? "-" : ""}${digits}`));
    }
    return out;
  }
  const [from, to] = [(m[1] as string).charCodeAt(0), (m[2] as string).charCodeAt(0)];
  // Between `Z` and `a` lie `[ \ ] ^ _` and a backtick: globs and quoting; not enumerated.
  if (Math.min(from, to) <= 90 && Math.max(from, to) >= 97) return "unknown";
  const out: BraceToken[][] = [];
  const dir = to >= from ? 1 : -1;
  for (let c = from; dir > 0 ? c <= to : c >= to; c += dir * step) out.push(chars(String.fromCharCode(c)));
  return out;
}

/** The alternatives of the brace expression `tokens[open..close]`. */
function alternatives(tokens: readonly BraceToken[], open: number, close: number): Alternatives {
  const parts: BraceToken[][] = [[]];
  let depth = 0;
  for (let j = open + 1; j < close; j++) {
    const t = tokens[j] as BraceToken;
    if (isSpecial(t, "{")) depth++;
    else if (isSpecial(t, "}")) depth--;
    if (depth === 0 && isSpecial(t, ",")) parts.push([]);
    else parts[parts.length - 1]?.push(t);
  }
  return parts.length > 1 ? parts : sequence(tokens.slice(open + 1, close));
}

function matchingClose(tokens: readonly BraceToken[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (isSpecial(tokens[j], "{")) depth++;
    else if (isSpecial(tokens[j], "}") && --depth === 0) return j;
  }
  return -1;
}

/**
 * Bash brace expansion over a word's tokens: `{a,b}`, `{1..3}`, `{a..e..2}`, nested and
 * repeated, with a preamble and postscript. Returns the resulting token sequences, or
 * undefined when the word expands to more than MAX_BRACE_WORDS words or uses a form this
 * doesn't enumerate (the word is then only known when the command runs).
 */
export function expandBraces(tokens: readonly BraceToken[]): BraceToken[][] | undefined {
  for (let open = 0; open < tokens.length; open++) {
    if (!isSpecial(tokens[open], "{")) continue;
    const close = matchingClose(tokens, open);
    if (close === -1) continue;
    const alts = alternatives(tokens, open, close);
    if (alts === "unknown") return undefined;
    if (alts === "invalid") continue;
    const pre = tokens.slice(0, open);
    const posts = expandBraces(tokens.slice(close + 1));
    if (posts === undefined) return undefined;
    const out: BraceToken[][] = [];
    for (const alt of alts) {
      const expanded = expandBraces(alt);
      if (expanded === undefined) return undefined;
      for (const a of expanded) {
        for (const p of posts) {
          out.push([...pre, ...a, ...p]);
          if (out.length > MAX_BRACE_WORDS) return undefined;
        }
      }
    }
    return out;
  }
  return [[...tokens]];
}

/**
 * True if braces are left that bash might still expand (a `{…}` holding `,` or `..` that
 * `expandBraces` judged not to be a brace expression): the word's value is then not trusted.
 */
export function hasLeftoverBraces(tokens: readonly BraceToken[]): boolean {
  for (let open = 0; open < tokens.length; open++) {
    if (!isSpecial(tokens[open], "{")) continue;
    const close = matchingClose(tokens, open);
    if (close === -1) continue;
    const inner = tokens.slice(open + 1, close);
    const text = inner.map((t) => (t.kind === "char" ? t.raw : "\u0000")).join("");
    if (inner.some((t) => isSpecial(t, ",")) || text.includes("..")) return true;
  }
  return false;
}
