import type { ToolOutput } from "./tool.js";

/** A tool call as the runner's seams see it (input already validated). */
export interface ToolCallInfo {
  toolUseId: string;
  name: string;
  input: Record<string, unknown>;
}

/** A before-hook's verdict; undefined means "no opinion". */
export type BeforeToolCallVerdict = { behavior: "allow" | "deny" | "ask"; reason?: string } | undefined;

/**
 * Seam for user hooks, called after validation and before the policy. `deny` ends the call with
 * `reason`; `ask` forces an approval (a policy deny still wins); `allow` skips the mode's
 * ask/deny but not deny/ask *rules*. Contract: must not throw (a throw denies the call).
 */
export type BeforeToolCall = (call: ToolCallInfo, signal: AbortSignal) => Promise<BeforeToolCallVerdict>;

/**
 * Seam called after a tool ran (not for denied or invalid calls); a returned output replaces
 * the tool's. Contract: must not throw (a throw turns the result into an error).
 */
export type AfterToolCall = (call: ToolCallInfo, output: ToolOutput) => Promise<ToolOutput | undefined>;
