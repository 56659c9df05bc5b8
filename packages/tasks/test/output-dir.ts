import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const created: string[] = [];

/** A fresh directory for task output files. */
export function outputDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "keel-tasks-"));
  created.push(dir);
  return dir;
}

/** Call from afterAll. */
export function removeOutputDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A promise and its resolver, to finish a task function when the test says so. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
