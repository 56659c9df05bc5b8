import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileStateTracker, type ToolContext } from "@keel/tools";

const created: string[] = [];

export function tempWorkspace(prefix = "keel-builtin-"): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** Call from afterAll: removes every workspace this file created. */
export function removeWorkspaces(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function toolContext(cwd: string, signal: AbortSignal = new AbortController().signal): ToolContext {
  return { cwd, signal, toolUseId: "toolu_test", progress: () => {}, fileState: createFileStateTracker() };
}

export function text(content: unknown): string {
  if (typeof content !== "string") throw new Error("expected string content");
  return content;
}
