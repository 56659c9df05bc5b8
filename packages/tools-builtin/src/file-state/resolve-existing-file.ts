import { realpath, stat } from "node:fs/promises";

export type ExistingFile =
  | { kind: "missing" }
  | { kind: "file"; path: string }
  | { kind: "not_a_file"; path: string; isDirectory: boolean };

/** The realpath of `path` when it exists; `missing` when it (or its target) does not. Other I/O errors throw. */
export async function resolveExistingFile(path: string): Promise<ExistingFile> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing" };
    throw error;
  }
  const info = await stat(real);
  if (info.isFile()) return { kind: "file", path: real };
  return { kind: "not_a_file", path: real, isDirectory: info.isDirectory() };
}
