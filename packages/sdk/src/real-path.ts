import { realpathSync } from "node:fs";

/** The path with symlinks resolved, or as given when it does not exist. */
export function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
