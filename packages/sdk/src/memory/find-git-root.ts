import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The nearest directory at or above `cwd` holding a `.git` entry (a directory, or the file a
 * worktree or submodule has), or undefined outside a repository. No `git` process is started.
 */
export function findGitRoot(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
