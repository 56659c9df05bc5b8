import { isAbsolute, resolve } from "node:path";

/** The model must send absolute paths (Claude Code's contract); a relative one gets an actionable error. */
export function relativePathError(filePath: string, cwd: string): string | undefined {
  if (isAbsolute(filePath)) return undefined;
  return `file_path must be an absolute path, but got "${filePath}". Did you mean "${resolve(cwd, filePath)}"?`;
}
