function globBody(glob: string): string {
  return glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
}

/**
 * Compiles a `Bash(...)` specifier: exact text; `*` anywhere (spans spaces); a trailing ` *`
 * is a word boundary (`ls *` matches `ls` and `ls -la`, not `lsof`); a trailing `:*` is the
 * legacy spelling of ` *` (a colon elsewhere is literal).
 */
export function compileBashPattern(specifier: string): (command: string) => boolean {
  let spec = specifier.trim();
  if (spec.endsWith(":*")) spec = `${spec.slice(0, -2)} *`;
  let source: string;
  if (spec.endsWith(" *")) source = `^${globBody(spec.slice(0, -2).trimEnd())}(?:\\s.*)?$`;
  else source = `^${globBody(spec)}$`;
  const re = new RegExp(source, "s");
  return (command) => re.test(command.trim());
}

const ANY = null;
type Token = string | typeof ANY;

function globTokens(glob: string): Token[] {
  return [...glob].map((c) => (c === "*" ? ANY : c));
}

function templateTokens(template: ReadonlyArray<string | null>): Token[] {
  const out: Token[] = [];
  for (const [i, word] of template.entries()) {
    if (i > 0) out.push(" ");
    if (word === null) out.push(ANY);
    else out.push(...word);
  }
  return out;
}

/** Whether two patterns whose `null` tokens match any text have a string in common. */
function intersects(a: readonly Token[], b: readonly Token[]): boolean {
  // reach[i][j]: a[0..i) and b[0..j) can produce the same text.
  let row = new Array<boolean>(b.length + 1).fill(false);
  for (let i = 0; i <= a.length; i++) {
    const next = new Array<boolean>(b.length + 1).fill(false);
    for (let j = 0; j <= b.length; j++) {
      let ok = i === 0 && j === 0;
      const ai = a[i - 1];
      const bj = b[j - 1];
      if (!ok && i > 0 && ai === ANY) ok = row[j] === true || (j > 0 && next[j - 1] === true);
      if (!ok && j > 0 && bj === ANY) ok = next[j - 1] === true || (i > 0 && row[j] === true);
      if (!ok && i > 0 && j > 0 && ai !== ANY && bj !== ANY && ai === bj)
        ok = (row[j - 1] as boolean) === true;
      next[j] = ok;
    }
    if (i < a.length) row = next;
    else return next[b.length] === true;
  }
  return false;
}

/**
 * Whether a `Bash(...)` specifier could match a command some of whose parts are only known at
 * run time (`template`, `null` for those parts, each of which may be any text): `Bash(rm *)`
 * could match `$CMD x` and `xargs rm`-fed input; `Bash(git push *)` could match `git $SUB`.
 */
export function bashPatternCouldMatch(specifier: string, template: ReadonlyArray<string | null>): boolean {
  let spec = specifier.trim();
  if (spec.endsWith(":*")) spec = `${spec.slice(0, -2)} *`;
  const forms = spec.endsWith(" *")
    ? [spec.slice(0, -2).trimEnd(), `${spec.slice(0, -2).trimEnd()} *`]
    : [spec];
  const command = templateTokens(template);
  return forms.some((f) => intersects(globTokens(f), command));
}
