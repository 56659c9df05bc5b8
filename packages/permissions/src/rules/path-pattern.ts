import { isAbsolute, join, resolve, sep } from "node:path";
import { isInsideDirectory } from "../paths/path-scope.js";

/** Where a rule's `/path` patterns are anchored, plus the cwd and home for the other anchors. */
export interface PathAnchors {
  /** The settings source's root: project root, start dir (local/CLI), or `$KEEL_HOME` (user). */
  sourceRoot: string;
  cwd: string;
  home: string;
}

export interface PathPattern {
  /** True if the absolute path (or a directory above it) matches. */
  matches(path: string): boolean;
  /** True if something below `dir` may match (for recursive reads of `dir`). */
  mayMatchUnder(dir: string): boolean;
}

function globSegmentToRegExp(segment: string): string {
  let out = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = segment.indexOf("]", i + 1);
      if (end === -1) out += "\\[";
      else {
        out += `[${segment
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return out;
}

/**
 * Compiles a gitignore-style `Read(...)`/`Edit(...)` specifier to an absolute-path matcher.
 * Anchors: `//abs`, `~/home`, `/source-root`, `./cwd` and `rel` (cwd); a bare name (no `/`)
 * matches at any depth under the cwd; `*` stays within a segment, `**` crosses; a pattern that
 * names a directory covers everything below it.
 */
export function compilePathPattern(specifier: string, anchors: PathAnchors): PathPattern {
  let spec = specifier.trim().replace(/\\/g, "/");
  let base: string;
  if (spec.startsWith("//")) {
    base = "/";
    spec = spec.slice(2);
  } else if (spec === "~" || spec.startsWith("~/")) {
    base = anchors.home;
    spec = spec.slice(2);
  } else if (spec.startsWith("/")) {
    base = anchors.sourceRoot;
    spec = spec.slice(1);
  } else if (spec.startsWith("./")) {
    base = anchors.cwd;
    spec = spec.slice(2);
  } else {
    base = anchors.cwd;
    if (!spec.replace(/\/$/, "").includes("/") && !spec.startsWith("**")) spec = `**/${spec}`;
  }
  spec = spec.replace(/\/+$/, "");
  const segments = spec === "" ? [] : spec.split("/");
  let body = "";
  for (const [i, seg] of segments.entries()) {
    if (seg === "**") body += i === segments.length - 1 ? "(?:/.*)?" : "(?:/[^/]+)*";
    else body += `/${globSegmentToRegExp(seg)}`;
  }
  const baseResolved = resolve(base);
  const baseSource = (baseResolved === sep ? "" : baseResolved).replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`^${baseSource}${body}(?:/.*)?$`, "s");
  // The literal directory before the first glob segment: where matches can live.
  const firstGlob = segments.findIndex((s) => /[*?[]/.test(s));
  const literalPrefix = join(baseResolved, ...(firstGlob === -1 ? segments : segments.slice(0, firstGlob)));
  return {
    matches: (path) => re.test(isAbsolute(path) ? resolve(path) : resolve(anchors.cwd, path)),
    mayMatchUnder: (dir) =>
      isInsideDirectory(literalPrefix, dir) || (firstGlob !== -1 && isInsideDirectory(dir, literalPrefix)),
  };
}
