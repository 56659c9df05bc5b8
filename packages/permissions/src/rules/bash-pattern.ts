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
