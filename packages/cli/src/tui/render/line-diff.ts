/** One line of a diff: kept (context), removed or added, with its line number in the old/new text. */
export interface DiffLine {
  kind: "context" | "removed" | "added";
  text: string;
  /** 1-based line number in the old text (context, removed) or the new text (added). */
  line: number;
}

/** Past this many LCS cells the diff degrades to "all removed, then all added" (bounded work). */
const MAX_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Line diff of two texts (longest common subsequence after trimming the common head and tail),
 * numbered from `startLine` (where `oldText` begins in its file).
 */
export function diffLines(oldText: string, newText: string, startLine = 1): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ kind: "context", text: a[i] as string, line: startLine + i });
  const push = (kind: DiffLine["kind"], text: string, line: number) => out.push({ kind, text, line });
  const oldBase = startLine + head;
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    for (const [i, t] of midA.entries()) push("removed", t, oldBase + i);
    for (const [i, t] of midB.entries()) push("added", t, oldBase + i);
  } else {
    // lcs[i][j]: LCS length of midA[i..] and midB[j..].
    const n = midA.length;
    const m = midB.length;
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      const row = lcs[i] as Uint32Array;
      const below = lcs[i + 1] as Uint32Array;
      for (let j = m - 1; j >= 0; j--)
        row[j] =
          midA[i] === midB[j]
            ? (below[j + 1] as number) + 1
            : Math.max(below[j] as number, row[j + 1] as number);
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        push("context", midA[i] as string, oldBase + i);
        i++;
        j++;
      } else if (i < n && (j === m || (lcs[i + 1] as Uint32Array)[j]! >= (lcs[i] as Uint32Array)[j + 1]!)) {
        push("removed", midA[i] as string, oldBase + i);
        i++;
      } else {
        push("added", midB[j] as string, oldBase + j);
        j++;
      }
    }
  }
  const tailStart = a.length - tail;
  for (let i = tailStart; i < a.length; i++)
    out.push({ kind: "context", text: a[i] as string, line: startLine + i });
  return out;
}

/** Keeps changed lines and `context` lines around them; gaps become a `null` entry. */
export function withContext(lines: DiffLine[], context = 3): Array<DiffLine | null> {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, i) => {
    if (l.kind === "context") return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  const out: Array<DiffLine | null> = [];
  let gap = false;
  lines.forEach((l, i) => {
    if (keep[i]) {
      if (gap) out.push(null);
      gap = false;
      out.push(l);
    } else gap = true;
  });
  if (gap && out.length > 0) out.push(null);
  return out;
}
