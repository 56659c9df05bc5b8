import { globSync } from "node:fs";
import { isAbsolute, sep } from "node:path";
import { isInsideWorkspace, namedAndCanonical, resolveThroughSymlinks } from "../paths/path-scope.js";
import type { ShellWord } from "./shell-words.js";

/** Where a command's relative paths may resolve, and what counts as inside. */
export interface PathContext {
  /** Every directory the command may run in (the start dir plus any `cd` target seen before it). */
  cwds: readonly string[];
  workspaceRoots: readonly string[];
}

export type ResolvedPaths = { ok: true; paths: string[] } | { ok: false; reason: string };

const MAX_GLOB_MATCHES = 500;
const GLOB_CHARS = /[*?[]/;

/** Expands a glob the way bash would (no dotfiles unless the pattern starts with a dot). */
function expandGlob(pattern: string, cwd: string): ResolvedPaths {
  // Not `join`: it would apply `..` lexically, before the symlinks in front of it.
  const absolute = isAbsolute(pattern) ? pattern : `${cwd}/${pattern}`;
  const segments = absolute.split(sep);
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  // `.*` matches `..` in shells without globskipdots: treat it as naming the parent.
  if (segments.some((s) => /^\.[*?[]/.test(s)))
    return { ok: false, reason: `the glob ${pattern} may match ".."` };
  const base = resolveThroughSymlinks(segments.slice(0, firstGlob).join(sep) || sep);
  const rest = segments.slice(firstGlob).join("/");
  let matches: string[];
  try {
    matches = globSync(rest, { cwd: base });
  } catch {
    matches = [];
  }
  if (matches.length > MAX_GLOB_MATCHES)
    return { ok: false, reason: `the glob ${pattern} matches more than ${MAX_GLOB_MATCHES} paths` };
  // No match: bash passes the pattern through unchanged (a literal name under the base).
  const paths =
    matches.length === 0
      ? namedAndCanonical(absolute, cwd)
      : matches.flatMap((m) => namedAndCanonical(m, base));
  return { ok: true, paths: [base, ...paths] };
}

/**
 * The absolute paths a word may name, from every candidate cwd; globs are expanded against the
 * filesystem. A word whose value depends on the run (variables, substitutions) can't be resolved.
 */
export function resolvePathWord(word: ShellWord, ctx: PathContext, value = word.value): ResolvedPaths {
  if (value === undefined) return { ok: false, reason: `${word.source} is only known when the command runs` };
  if (value === "") return { ok: true, paths: [] };
  const paths: string[] = [];
  const cwds = isAbsolute(value) ? [ctx.cwds[0] ?? sep] : ctx.cwds;
  for (const cwd of cwds) {
    if (word.glob && GLOB_CHARS.test(value)) {
      const expanded = expandGlob(value, cwd);
      if (!expanded.ok) return expanded;
      paths.push(...expanded.paths);
    } else paths.push(...namedAndCanonical(value, cwd));
  }
  return { ok: true, paths };
}

/** The first path (of those given) outside the workspace, following symlinks. */
export function firstOutside(paths: readonly string[], ctx: PathContext): string | undefined {
  return paths.find((p) => !isInsideWorkspace(p, ctx.workspaceRoots));
}
