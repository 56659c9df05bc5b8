import { isAbsolute } from "node:path";

/** Characters that make a pattern component a wildcard (Node's glob, with extglobs). */
const MAGIC = /[*?[\]{}()!]/;

/** `..` as a component or as a brace alternative (`{a,..}/x`), which would leave the root. */
const PARENT_IN_WILDCARDS = /(^|[/{,(|])\.\.($|[/},)|])/;

export interface GlobSearch {
  /**
   * The directory searched, as written: `path` (or the cwd) joined with the pattern's static
   * prefix, `..` included. Not normalized: canonicalize it (symlinks, then `..`) before use.
   */
  root: string;
  /** The pattern from its first wildcard component on, matched below `root`. */
  pattern: string;
  /** True when the pattern's static prefix added to `root` (not just `path` or the cwd). */
  rootFromPattern: boolean;
  /** Set when the pattern can't be searched safely; a message for the model. */
  error?: string;
}

/**
 * Splits a Glob call into the directory it searches and the pattern below it: `../lib/*.ts`
 * searches `<cwd>/../lib` for `*.ts`, `/etc/**\/*.conf` searches `/etc` (an absolute pattern
 * ignores `path`). The permission check and the search both use this root, so a pattern can't
 * reach past the directory that was checked; `..` after a wildcard is refused.
 */
export function globSearch(input: { pattern: string; path?: string | undefined }, cwd: string): GlobSearch {
  const parts = input.pattern.split("/");
  const magic = parts.findIndex((part) => MAGIC.test(part));
  // A pattern without wildcards names a file: search its directory for its name.
  const split = magic === -1 ? parts.length - 1 : magic;
  const prefix = parts.slice(0, split).join("/");
  const pattern = parts.slice(split).join("/");
  let root: string;
  if (isAbsolute(input.pattern)) root = prefix === "" ? "/" : prefix;
  else {
    const base =
      input.path === undefined ? cwd : isAbsolute(input.path) ? input.path : `${cwd}/${input.path}`;
    root = prefix === "" ? base : `${base}/${prefix}`;
  }
  const search: GlobSearch = { root, pattern, rootFromPattern: prefix !== "" };
  if (PARENT_IN_WILDCARDS.test(pattern)) {
    search.error = `Glob patterns may use ".." only before the first wildcard (e.g. "../lib/**/*.ts"), not in ${JSON.stringify(input.pattern)}. Put the directory in path instead.`;
  }
  return search;
}
