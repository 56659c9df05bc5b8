import {
  type Approver,
  type PermissionDecision,
  type PermissionPolicy,
  type PermissionRequest,
  type RequiredAccess,
  resolveWithoutApprover,
} from "@keel/permissions";
import type { AgentEventBody } from "@keel/protocol";
import type { FileStateTracker } from "./file-state.js";
import type { RequiredLevelContext, Tool, ToolOutput } from "./tool.js";
import type { AfterToolCall, BeforeToolCall, ToolCallInfo } from "./tool-call-hooks.js";

/** What one call needs from the runner. */
export interface PipelineDeps {
  policy: PermissionPolicy;
  approver: Approver | undefined;
  beforeToolCall: BeforeToolCall | undefined;
  afterToolCall: AfterToolCall | undefined;
  cwd: string;
  fileState: FileStateTracker;
  signal: AbortSignal;
  emit: (event: AgentEventBody) => void;
}

export function errorOutput(message: string): ToolOutput {
  return { content: message, isError: true };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * intercept → authorize → execute → after-hook, for a call whose input is already valid.
 * Never throws: every failure is an error output written for the model.
 */
export async function runToolCallPipeline(
  tool: Tool,
  call: ToolCallInfo,
  deps: PipelineDeps,
): Promise<ToolOutput> {
  const denied = (reason: string): ToolOutput => {
    deps.emit({
      type: "permission_decision",
      toolUseId: call.toolUseId,
      name: call.name,
      behavior: "deny",
      reason,
    });
    return errorOutput(reason);
  };

  let verdict: Awaited<ReturnType<BeforeToolCall>>;
  try {
    verdict = await deps.beforeToolCall?.(call, deps.signal);
  } catch (error) {
    return denied(
      `Permission to use ${call.name} was denied: the beforeToolCall hook failed: ${errorMessage(error)}`,
    );
  }
  if (verdict?.behavior === "deny") {
    return denied(verdict.reason ?? `Permission to use ${call.name} was denied by a hook.`);
  }

  let decision: PermissionDecision;
  const request: PermissionRequest = { toolName: call.name, input: call.input, level: "full" };
  try {
    const required = await requiredAccess(tool, call.input, {
      cwd: deps.cwd,
      workspaceRoots: deps.policy.workspaceRoots ?? [deps.cwd],
    });
    request.level = required.level;
    if (required.access !== undefined) request.access = required.access;
    decision = combine(verdict, await deps.policy.decide(request), call.name);
  } catch (error) {
    return denied(`Permission to use ${call.name} could not be decided: ${errorMessage(error)}`);
  }

  if (decision.behavior === "ask") {
    if (deps.approver === undefined) {
      const resolved = resolveWithoutApprover(decision, request, deps.policy.mode);
      if (resolved.behavior === "deny") return denied(resolved.reason);
    } else {
      deps.emit({
        type: "permission_request",
        toolUseId: call.toolUseId,
        name: call.name,
        input: call.input,
        reason: decision.reason,
      });
      let answer: Awaited<ReturnType<Approver["approve"]>>;
      try {
        answer = await deps.approver.approve(
          {
            ...approvalView(request),
            reason: decision.reason,
            toolUseId: call.toolUseId,
            ...(decision.rule !== undefined ? { rule: decision.rule } : {}),
            ...(decision.guarded ? { guarded: true } : {}),
          },
          deps.signal,
        );
      } catch (error) {
        answer = {
          behavior: "deny",
          reason: `Permission to use ${call.name} was denied: ${errorMessage(error)}`,
        };
      }
      if (answer.behavior === "deny") return denied(answer.reason);
      deps.emit({
        type: "permission_decision",
        toolUseId: call.toolUseId,
        name: call.name,
        behavior: "allow",
      });
    }
  } else if (decision.behavior === "deny") {
    return denied(decision.reason);
  }

  let output: ToolOutput;
  try {
    output = await tool.call(call.input, {
      cwd: deps.cwd,
      signal: deps.signal,
      toolUseId: call.toolUseId,
      progress: (message) => deps.emit({ type: "tool_call_progress", toolUseId: call.toolUseId, message }),
      fileState: deps.fileState,
    });
  } catch (error) {
    output = errorOutput(`Tool ${call.name} failed: ${errorMessage(error)}`);
  }

  if (deps.afterToolCall !== undefined) {
    try {
      output = (await deps.afterToolCall(call, output)) ?? output;
    } catch (error) {
      output = errorOutput(
        `Tool ${call.name} ran, but the afterToolCall hook failed: ${errorMessage(error)}`,
      );
    }
  }
  return output;
}

/** Rejects if a `readOnly` function throws; callers treat that as "not read-only" where it matters. */
export async function isReadOnly(
  tool: Tool,
  input: Record<string, unknown>,
  ctx: RequiredLevelContext,
): Promise<boolean> {
  return typeof tool.readOnly === "function" ? await tool.readOnly(input, ctx) : tool.readOnly;
}

/** The tool's answer as a level plus access; default `read` when read-only, else `full`. */
async function requiredAccess(
  tool: Tool,
  input: Record<string, unknown>,
  ctx: RequiredLevelContext,
): Promise<RequiredAccess> {
  const answer = await tool.requiredLevel?.(input, ctx);
  if (answer === undefined) return { level: (await isReadOnly(tool, input, ctx)) ? "read" : "full" };
  return typeof answer === "string" ? { level: answer } : answer;
}

/** What an approver sees: the request without the policy's internal path lists. */
function approvalView(request: PermissionRequest): PermissionRequest {
  const { access: _access, ...rest } = request;
  return rest;
}

/**
 * Applies a hook verdict to the policy's decision (ARCHITECTURE "Permission decision"): a hook
 * `allow` still meets deny and ask *rules* but skips the mode; a hook `ask` can't lift a deny.
 */
function combine(
  verdict: Awaited<ReturnType<BeforeToolCall>>,
  decision: PermissionDecision,
  name: string,
): PermissionDecision {
  if (verdict === undefined) return decision;
  if (verdict.behavior === "allow") {
    return decision.behavior !== "allow" && decision.rule !== undefined ? decision : { behavior: "allow" };
  }
  if (verdict.behavior === "ask" && decision.behavior !== "deny") {
    return { behavior: "ask", reason: verdict.reason ?? `A hook asked for approval of ${name}.` };
  }
  return decision;
}
