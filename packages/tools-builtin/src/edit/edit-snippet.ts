/**
 * A few numbered lines (`cat -n` style) around an edited region, so the model can check the
 * result without a Read. Long lines are cut; the snippet has at most `context` lines on each side.
 */
export function editSnippet(
  content: string,
  start: number,
  length: number,
  context = 3,
  maxLines = 16,
): string {
  const firstLine = countNewlines(content, 0, start);
  const lastLine = firstLine + countNewlines(content, start, start + length);
  const lines = content.split("\n");
  // A final newline ends the last line; it doesn't start an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const from = Math.max(0, firstLine - context);
  const to = Math.min(lines.length - 1, lastLine + context, from + maxLines - 1);
  const shown: string[] = [];
  for (let i = from; i <= to; i++) {
    let line = (lines[i] as string).replace(/\r$/, "");
    if (line.length > 200) line = `${line.slice(0, 200)}…`;
    shown.push(`${String(i + 1).padStart(6)}\t${line}`);
  }
  return shown.join("\n");
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) n++;
  return n;
}
