import type { PermissionDecision, PermissionMode, PermissionRequest } from "./types.js";

/**
 * Resolves an `ask` when nobody can answer (print mode, sub-agents): it becomes a `deny` whose
 * message says what would allow the call. Other decisions pass through unchanged.
 */
export function resolveWithoutApprover(
  decision: PermissionDecision,
  request: PermissionRequest,
  mode: PermissionMode,
): Exclude<PermissionDecision, { behavior: "ask" }> {
  if (decision.behavior !== "ask") return decision;
  const prefix = `Permission to use ${request.toolName} was denied: keel is running non-interactively in ${mode} mode`;
  const denied = (reason: string): Exclude<PermissionDecision, { behavior: "ask" }> =>
    decision.rule === undefined
      ? { behavior: "deny", reason }
      : { behavior: "deny", reason, rule: decision.rule };
  if (decision.rule !== undefined && decision.guarded === true) {
    // A rule that could match a command only known at run time: say which, and how to avoid it.
    return denied(`${prefix}. ${decision.reason} Run interactively to approve it.`);
  }
  if (decision.rule !== undefined) {
    // An explicit ask rule prompts in every mode, so no flag lifts it.
    return denied(
      `${prefix} and the call matches the ask rule ${decision.rule}, which needs someone to approve it. ` +
        "Run interactively, or replace the ask rule with an allow rule.",
    );
  }
  if (decision.guarded === true) {
    return denied(`${prefix}. ${decision.reason} Run interactively to approve it.`);
  }
  switch (request.level) {
    case "write":
      return denied(
        `${prefix}. Re-run with --permission-mode acceptEdits (workspace edits) or ` +
          "--permission-mode bypassPermissions (everything).",
      );
    case "full":
      return denied(`${prefix}. Re-run with --permission-mode bypassPermissions (everything).`);
    case "read":
      // Read-level calls are never asked by the mode itself; something else (a hook) wants a human.
      return denied(
        `${prefix} and the call needs approval: ${decision.reason} Run interactively to approve it.`,
      );
  }
}
