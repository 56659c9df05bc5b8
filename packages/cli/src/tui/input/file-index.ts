import { spawn } from "node:child_process";
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";

/** Enough for completion in large repositories; listing stops there. */
const MAX_FILES = 50_000;
const SKIP_DIRS = new Set([".git", "node_modules", ".hg", ".svn", "dist", "build", "target", ".venv"]);

/** Lists files with ripgrep (respects .gitignore), stopping after `max` names. */
function listWithRipgrep(cwd: string, max: number): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const out: string[] = [];
    let partial = "";
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn("rg", ["--files", "--hidden", "--glob", "!.git"], {
        cwd,
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch {
      resolve(undefined);
      return;
    }
    child.on("error", () => resolve(undefined));
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const l of lines) if (l !== "" && out.length < max) out.push(l);
      if (out.length >= max) child.kill();
    });
    child.on("close", () => resolve(out));
  });
}

/** Without ripgrep: a breadth-first walk, skipping dependency and VCS folders. */
async function listByWalking(cwd: string, max: number): Promise<string[]> {
  const out: string[] = [];
  const queue = [cwd];
  while (queue.length > 0 && out.length < max) {
    const dir = queue.shift() as string;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: "utf8" });
    } catch {
      continue;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) queue.push(path);
      } else if (out.length < max) out.push(relative(cwd, path));
    }
  }
  return out;
}

/**
 * The project's file names for `@` completion, listed once on first use (never at start-up)
 * and cached for the session.
 */
export class FileIndex {
  private readonly cwd: string;
  private files: Promise<string[]> | undefined;

  constructor(cwd: string) {
    this.cwd = cwd;
  }

  list(): Promise<string[]> {
    this.files ??= listWithRipgrep(this.cwd, MAX_FILES).then(
      (found) => found ?? listByWalking(this.cwd, MAX_FILES),
    );
    return this.files;
  }

  /** Forget the listing (files were created or removed). */
  refresh(): void {
    this.files = undefined;
  }
}
