import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PermissionLevel, RequiredAccess } from "@keel/permissions";
import { createFileStateTracker, type RequiredLevelContext, type Tool, type ToolContext } from "@keel/tools";

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

/** What a tool's requiredLevel answers, as level plus access (a bare level has no access). */
export async function requiredAccess(
  tool: Tool,
  input: Record<string, unknown>,
  ctx: RequiredLevelContext,
): Promise<RequiredAccess | undefined> {
  const answer = await tool.requiredLevel?.(input, ctx);
  return typeof answer === "string" ? { level: answer } : answer;
}

/** The level a tool's requiredLevel answers. */
export async function levelOf(
  tool: Tool,
  input: Record<string, unknown>,
  ctx: RequiredLevelContext,
): Promise<PermissionLevel | undefined> {
  return (await requiredAccess(tool, input, ctx))?.level;
}
