import { relative, sep } from "node:path";
import { isInsideDirectory, pathForms, resolveThroughSymlinks } from "./path-scope.js";

/** Directories whose contents configure tools or run code (hooks): writes always need a human. */
export const PROTECTED_DIR_NAMES: readonly string[] = [
  ".git",
  ".keel",
  ".claude",
  ".vscode",
  ".idea",
  ".husky",
  ".cargo",
  ".devcontainer",
  ".yarn",
  ".mvn",
];
const PROTECTED_DIRS = new Set(PROTECTED_DIR_NAMES);

/** Files that configure shells, git, package managers or agents. */
export const PROTECTED_FILE_NAMES: readonly string[] = [
  ".bashrc",
  ".bash_profile",
  ".bash_login",
  ".bash_logout",
  ".profile",
  ".zshrc",
  ".zshenv",
  ".zprofile",
  ".zlogin",
  ".zlogout",
  ".kshrc",
  ".cshrc",
  ".tcshrc",
  ".envrc",
  ".inputrc",
  ".gitconfig",
  ".gitmodules",
  ".gitattributes",
  ".npmrc",
  ".yarnrc",
  ".yarnrc.yml",
  ".pnpmfile.cjs",
  "bunfig.toml",
  ".pre-commit-config.yaml",
  ".mcp.json",
  ".claude.json",
  ".ripgreprc",
  ".curlrc",
  ".wgetrc",
  ".netrc",
];
const PROTECTED_FILES = new Set(PROTECTED_FILE_NAMES);

function segmentsProtected(segments: readonly string[]): boolean {
  for (const [i, seg] of segments.entries()) {
    // `.claude/worktrees` holds agent worktrees, not configuration.
    if (seg === ".claude" && segments[i + 1] === "worktrees") return false;
    if (PROTECTED_DIRS.has(seg)) return true;
    if (seg === ".config" && segments[i + 1] === "git") return true;
  }
  const last = segments[segments.length - 1];
  return last !== undefined && (PROTECTED_FILES.has(last) || last.startsWith(".yarnrc"));
}

/**
 * Whether writing `path` touches a protected path (`.git/`, `.keel/`, `.claude/`, editor
 * config, shell rc files, `.npmrc`, `.mcp.json` …). Judged on the part of the path below the
 * workspace root that contains it (so a workspace that itself lives under `~/.cargo` isn't all
 * protected), or on the whole path outside the workspace; both the path as written and its
 * symlink-resolved form are checked.
 */
export function isProtectedPath(path: string, workspaceRoots: readonly string[]): boolean {
  const forms = pathForms(path);
  return forms.some((form) => {
    const root = workspaceRoots
      .flatMap((r) => [r, resolveThroughSymlinks(r)])
      .find((r) => isInsideDirectory(form, r));
    const rel = root === undefined ? form : relative(root, form);
    return segmentsProtected(rel.split(sep).filter((s) => s !== ""));
  });
}

/** The protected paths, for messages and docs. */
export function describeProtectedPaths(): string {
  return `${[...PROTECTED_DIRS].map((d) => `${d}/`).join(", ")}, shell rc files, ${[".gitconfig", ".gitmodules", ".npmrc", ".mcp.json"].join(", ")}`;
}
