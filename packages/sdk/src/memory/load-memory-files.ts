import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { realpathOr } from "../real-path.js";
import { findGitRoot } from "./find-git-root.js";
import { findImports, looksLikeFilePath } from "./memory-imports.js";

export type MemoryScope = "user" | "project" | "local" | "import";

export interface MemoryFile {
  /** Absolute path as found (symlinks not resolved). */
  path: string;
  scope: MemoryScope;
  /** The file whose `@path` brought this one in (scope `import`). */
  importedBy?: string;
  /** The text sent; cut when the total budget ran out. */
  content: string;
  /** `full`; `cut` (partly sent); `omitted` (the budget was spent before it). */
  sent: "full" | "cut" | "omitted";
}

export interface LoadedMemory {
  /** In the order they are sent: user files, then each directory from the git root down to the cwd, each file followed by its imports. */
  files: MemoryFile[];
  /** The files' contents, each under a header naming it; "" when there are none. */
  text: string;
  /** Unreadable files, missing or too-deep imports, the budget being hit. */
  warnings: string[];
}

export interface LoadMemoryOptions {
  cwd: string;
  /** `$KEEL_HOME`: its `AGENTS.md` holds the user's instructions for every project. */
  keelHome: string;
  /** For `~/` in imports and `~/.claude/CLAUDE.md`. */
  home: string;
  /** Also read `~/.claude/CLAUDE.md` (Claude Code's user memory). Default true. */
  claudeUserMemory?: boolean;
  /** Import hops followed from a memory file. Default 5 (compat §8, 2025). */
  maxImportDepth?: number;
  /** Budget for all files' contents together, in characters. Default 40,000. */
  maxTotalChars?: number;
  /** Files larger than this are skipped with a warning. Default 1 MiB. */
  maxFileBytes?: number;
}

/** Per directory, in sending order; `CLAUDE.local.md` (private) after the shared files. */
const PROJECT_FILES: ReadonlyArray<[string, MemoryScope]> = [
  ["AGENTS.md", "project"],
  ["CLAUDE.md", "project"],
  [join(".claude", "CLAUDE.md"), "project"],
  ["CLAUDE.local.md", "local"],
];

const LABEL: Record<Exclude<MemoryScope, "import">, string> = {
  user: "the user's instructions for all projects",
  project: "project instructions, checked into the codebase",
  local: "the user's private project instructions, not checked in",
};

/**
 * The memory files for a session (compat §8): `$KEEL_HOME/AGENTS.md` and `~/.claude/CLAUDE.md`,
 * then `AGENTS.md`, `CLAUDE.md`, `.claude/CLAUDE.md` and `CLAUDE.local.md` in each directory from
 * the git root down to the cwd (the cwd alone outside a repository), each followed by the files
 * it imports with `@path`. A file reached twice (a symlink, a CLAUDE.md importing AGENTS.md, an
 * import cycle) is sent once. Never throws: problems become warnings.
 */
export function loadMemoryFiles(options: LoadMemoryOptions): LoadedMemory {
  const maxDepth = options.maxImportDepth ?? 5;
  const maxFileBytes = options.maxFileBytes ?? 1024 * 1024;
  const warnings: string[] = [];
  const found: Array<Omit<MemoryFile, "sent">> = [];
  const seen = new Set<string>();

  const visit = (path: string, scope: MemoryScope, depth: number, importedBy?: string) => {
    const real = realpathOr(path);
    if (seen.has(real)) return;
    const content = readMemoryFile(path, maxFileBytes, warnings);
    if (content === undefined) return;
    seen.add(real);
    found.push({ path, scope, content, ...(importedBy ? { importedBy } : {}) });
    for (const imp of findImports(content)) {
      const target = resolveImport(imp.path, path, options.home);
      if (!target) {
        if (looksLikeFilePath(imp.path)) {
          warnings.push(`${path}:${imp.line}: imported file @${imp.path} not found; left as text.`);
        }
        continue;
      }
      if (seen.has(realpathOr(target))) continue;
      if (depth >= maxDepth) {
        warnings.push(
          `${path}:${imp.line}: @${imp.path} not imported: imports are followed at most ${maxDepth} levels deep.`,
        );
        continue;
      }
      visit(target, "import", depth + 1, path);
    }
  };

  visit(join(options.keelHome, "AGENTS.md"), "user", 0);
  if (options.claudeUserMemory ?? true) visit(join(options.home, ".claude", "CLAUDE.md"), "user", 0);
  for (const dir of directoriesFromRoot(options.cwd)) {
    for (const [name, scope] of PROJECT_FILES) visit(join(dir, name), scope, 0);
  }
  return budget(found, options.maxTotalChars ?? 40_000, warnings);
}

/** The git root and each directory below it down to the cwd; the cwd alone outside a repository. */
function directoriesFromRoot(cwd: string): string[] {
  const start = resolve(cwd);
  const root = findGitRoot(start);
  if (!root) return [start];
  const dirs: string[] = [];
  for (let dir = start; ; dir = dirname(dir)) {
    dirs.unshift(dir);
    if (dir === root || dirname(dir) === dir) break;
  }
  return dirs;
}

/** The file an import names, trying it without trailing punctuation too ("see @README.md."). */
function resolveImport(written: string, importer: string, home: string): string | undefined {
  const candidates = [written, written.replace(/[.,;:!?)\]}'"]+$/, "")];
  for (const candidate of candidates) {
    if (candidate === "") continue;
    const path = candidate.startsWith("~/")
      ? join(home, candidate.slice(2))
      : isAbsolute(candidate)
        ? candidate
        : resolve(dirname(importer), candidate);
    try {
      if (statSync(path).isFile()) return path;
    } catch {
      // Try the next candidate.
    }
  }
  return undefined;
}

function readMemoryFile(path: string, maxBytes: number, warnings: string[]): string | undefined {
  if (!existsSync(path)) return undefined;
  let fd: number | undefined;
  try {
    const info = statSync(path);
    if (!info.isFile()) return undefined;
    if (info.size > maxBytes) {
      warnings.push(
        `${path} is ${info.size} bytes, over the ${maxBytes}-byte limit for memory files; skipped.`,
      );
      return undefined;
    }
    fd = openSync(path, "r");
    const buf = Buffer.alloc(info.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    if (buf.subarray(0, Math.min(got, 8192)).includes(0)) {
      warnings.push(`${path} looks binary; skipped as a memory file.`);
      return undefined;
    }
    return buf.subarray(0, got).toString("utf8");
  } catch (err) {
    warnings.push(`Could not read memory file ${path}: ${(err as Error).message}`);
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function headerFor(file: Omit<MemoryFile, "sent">): string {
  const label = file.scope === "import" ? `imported by ${file.importedBy}` : LABEL[file.scope];
  return `Contents of ${file.path} (${label}):`;
}

/** Join the files under their headers until `maxChars` of content; cut the rest with a marker. */
function budget(found: Array<Omit<MemoryFile, "sent">>, maxChars: number, warnings: string[]): LoadedMemory {
  const files: MemoryFile[] = [];
  const sections: string[] = [];
  let left = maxChars;
  let cutAt: number | undefined;
  for (const file of found) {
    const body = file.content.trim();
    if (cutAt !== undefined) {
      files.push({ ...file, content: "", sent: "omitted" });
      continue;
    }
    if (body.length <= left) {
      files.push({ ...file, content: body, sent: "full" });
      sections.push(`${headerFor(file)}\n\n${body}`);
      left -= body.length;
      continue;
    }
    cutAt = files.length;
    const part = body.slice(0, left);
    files.push({ ...file, content: part, sent: "cut" });
    sections.push(`${headerFor(file)}\n\n${part}`);
  }
  if (cutAt !== undefined) {
    const dropped = files.slice(cutAt);
    const chars =
      found.slice(cutAt).reduce((n, f) => n + f.content.trim().length, 0) -
      (files[cutAt]?.content.length ?? 0);
    const marker = `[Memory files cut here: they exceed the ${maxChars.toLocaleString("en-US")}-character limit. ${chars.toLocaleString("en-US")} more characters were not sent, from ${dropped.map((f) => f.path).join(", ")}.]`;
    sections.push(marker);
    warnings.push(marker.slice(1, -1));
  }
  return { files, text: sections.join("\n\n"), warnings };
}
