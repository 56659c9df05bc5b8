const ADDRESS = String.raw`(?:\d+|\$|/(?:\\.|[^/\\])*/)`;
const RANGE = new RegExp(String.raw`^\s*(?:${ADDRESS}(?:\s*,\s*(?:${ADDRESS}|[+~]\d+))?)?\s*!?\s*`);
/** Commands that only print, delete or move between lines (no `w`, `r`, `e`). */
const SIMPLE = /^[dpqQ=nNhHgGxlzDP]$/;

function isSubstitution(command: string): boolean {
  if (command[0] !== "s" || command.length < 4) return false;
  const delim = command[1] as string;
  if (/[\s\\\n]/.test(delim)) return false;
  let i = 2;
  for (let part = 0; part < 2; part++) {
    while (i < command.length && command[i] !== delim) i += command[i] === "\\" ? 2 : 1;
    if (i >= command.length) return false;
    i++;
  }
  // Flags: g, p, i/I, m/M and a number; `w file` and `e` write or run.
  return /^[gpiImM0-9]*$/.test(command.slice(i));
}

/**
 * True if a sed script only edits the stream (substitutions without `w`/`e`, deletes, prints).
 * Anything else (`w file`, `r file`, `e cmd`, blocks) is not understood and counts as unsafe.
 */
export function isSafeSedScript(script: string): boolean {
  const commands = script.split(/[;\n]/).map((c) => c.trim());
  return commands.every((c) => {
    if (c === "") return true;
    const body = c.replace(RANGE, "");
    return SIMPLE.test(body) || isSubstitution(body) || /^y(.)(?:(?!\1).)*\1(?:(?!\1).)*\1$/.test(body);
  });
}
