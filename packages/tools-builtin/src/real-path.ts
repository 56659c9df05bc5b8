import { realpathSync } from "node:fs";

/** The path with symlinks resolved, or as given when it cannot be resolved (missing, loop). */
export function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
