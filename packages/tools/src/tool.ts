import type { PermissionLevel, RequiredAccess } from "@keel/permissions";
import type { ImageBlock, JsonSchema, TextBlock } from "@keel/protocol";
import type { z } from "zod";
import type { FileStateTracker } from "./file-state.js";

/** What a tool returns. Errors the model should see are `isError: true`, not exceptions. */
export interface ToolOutput {
  content: string | Array<TextBlock | ImageBlock>;
  isError?: boolean;
}

/** The small context a tool call receives: never the whole agent. */
export interface ToolContext {
  /** Workspace root (the session's cwd). */
  cwd: string;
  /** Aborts when the user interrupts or the call times out; tools must stop promptly. */
  signal: AbortSignal;
  toolUseId: string;
  /** Report progress (shown by renderers as tool_call_progress). */
  progress(message: string): void;
  /** Files read in this session (read-before-edit). */
  fileState: FileStateTracker;
}

/** What `requiredLevel` is told about the session. */
export interface RequiredLevelContext {
  /** The session's cwd (workspace root). */
  cwd: string;
  /** The workspace: the cwd first, then `--add-dir` roots. Paths inside them are `read`/`write`. Absent: the cwd only. */
  workspaceRoots?: readonly string[];
}

/**
 * A tool. The input schema is a zod schema (preferred: validated and converted to JSON Schema
 * with `z.toJSONSchema`) or a plain JSON Schema (validated only for being an object).
 */
export interface Tool<I = Record<string, unknown>> {
  name: string;
  description: string;
  inputSchema: z.ZodType<I> | JsonSchema;
  /** Other names the model may call this tool by (Claude Code's older names, e.g. `Task` for `Agent`). */
  aliases?: readonly string[];
  /** Read-only calls may run concurrently with neighbouring read-only calls. */
  readOnly: boolean | ((input: I, ctx: RequiredLevelContext) => boolean | Promise<boolean>);
  /**
   * Whether this call may run alongside neighbouring concurrency-safe calls. Default: `readOnly`.
   * For tools that are not read-only but whose calls don't interfere with each other (Agent: each
   * sub-agent's own tool calls go through their own permission checks). A throw means "no".
   */
  concurrencySafe?: boolean | ((input: I, ctx: RequiredLevelContext) => boolean | Promise<boolean>);
  /**
   * The permission level this call needs, optionally with what it touches (`access`: paths
   * read and written, shell subcommands), which the policy then uses for rules and protected
   * paths instead of deriving them from the input. Default: `read` if read-only, else `full`.
   * Must not throw (a throw denies the call).
   */
  requiredLevel?(
    input: I,
    ctx: RequiredLevelContext,
  ): PermissionLevel | RequiredAccess | Promise<PermissionLevel | RequiredAccess>;
  /**
   * Cap on this tool's result text; the runner's `maxOutputChars` applies when unset. Tools that
   * bound and page their own output (Read, Bash) declare the larger cap they respect, so the
   * runner doesn't cut the middle out of an already-bounded result.
   */
  maxOutputChars?: number;
  /**
   * Run the call. Contract: resolve with `isError: true` for failures the model can act on;
   * a thrown exception is turned into an error result by the runner. Honour `ctx.signal`.
   */
  call(input: I, ctx: ToolContext): Promise<ToolOutput>;
}
