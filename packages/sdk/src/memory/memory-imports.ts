/** An `@path` import found in a memory file. */
export interface MemoryImport {
  /** The path as written (after `@`, trailing punctuation kept; the loader tries without it too). */
  path: string;
  /** 1-based line of the import, for warnings. */
  line: number;
}

/**
 * Blank out what cannot hold imports (compat §8): fenced code blocks, inline code spans and HTML
 * comments. Every other character, newlines included, keeps its position.
 */
export function blankNonProse(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  const lines = text.split("\n");
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      // A closing fence is at least as long as the opener, of the same character, alone on its line.
      if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) {
        fence = undefined;
      }
      lines[i] = blank(line);
    } else if (opener) {
      fence = opener;
      lines[i] = blank(line);
    }
  }
  return blankCodeSpans(lines.join("\n").replace(/<!--[\s\S]*?-->/g, blank), blank);
}

/** CommonMark code spans: a run of n backticks up to the next run of exactly n. */
function blankCodeSpans(text: string, blank: (s: string) => string): string {
  const runAt = (i: number) => {
    let j = i;
    while (text[j] === "`") j++;
    return j - i;
  };
  const parts: string[] = [];
  let done = 0;
  for (let i = text.indexOf("`"); i >= 0; ) {
    const n = runAt(i);
    let close = -1;
    for (let k = text.indexOf("`", i + n); k >= 0; k = text.indexOf("`", k + runAt(k))) {
      if (runAt(k) === n) {
        close = k;
        break;
      }
    }
    if (close < 0) {
      i = text.indexOf("`", i + n);
      continue;
    }
    parts.push(text.slice(done, i), blank(text.slice(i, close + n)));
    done = close + n;
    i = text.indexOf("`", done);
  }
  parts.push(text.slice(done));
  return parts.join("");
}

/** The `@path` imports of a memory file, in order: `@` at a word start, then a path without spaces. */
export function findImports(text: string): MemoryImport[] {
  const prose = blankNonProse(text);
  const out: MemoryImport[] = [];
  const lineStarts = [0];
  for (let i = prose.indexOf("\n"); i >= 0; i = prose.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  for (const m of prose.matchAll(/(?<=^|\s)@([^\s`]+)/g)) {
    const at = m.index;
    // Blanking turned a closing backtick into a space: in the file, `@` must follow whitespace.
    if (at > 0 && !/\s/.test(text[at - 1]!)) continue;
    let line = lineStarts.findLastIndex((s) => s <= at) + 1;
    if (line === 0) line = 1;
    out.push({ path: m[1]!, line });
  }
  return out;
}

/** Whether a missing import is worth a warning: it looks like a file, not `@user` or `@scope/pkg`. */
export function looksLikeFilePath(path: string): boolean {
  return /^(~\/|\.{1,2}\/|\/)/.test(path) || /\.[A-Za-z0-9]{1,8}$/.test(path.replace(/[.,;:!?)\]}'"]+$/, ""));
}
