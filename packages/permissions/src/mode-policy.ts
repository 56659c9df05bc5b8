import { autoAllowCeiling, describeLevel, levelWithin } from "./modes.js";
import type { RuleMatcher } from "./rule-matcher.js";
import type { PermissionDecision, PermissionMode, PermissionPolicy, PermissionRequest } from "./types.js";

export interface ModePolicyOptions {
  mode: PermissionMode;
  /** Workspace root, named in messages; rule matching anchors relative paths here. */
  workspace?: string;
  /** Permission rules (steps 1, 2 and 4 of the ladder). Absent: no rules. */
  rules?: RuleMatcher;
}

/**
 * The decision ladder of ARCHITECTURE.md ("Permission decision"), first decisive step wins:
 * (1) deny rule → deny; (2) ask rule → ask; (3) bypassPermissions → allow, plan above read →
 * deny; (4) allow rule → allow; (5) level within the mode's auto-allow ceiling → allow;
 * (6) dontAsk → deny; otherwise ask.
 *
 * Not yet here: protected paths at step 5 (writes to `.git`, shell rc files… are never
 * auto-allowed outside bypass) — they need the rule engine's path analysis.
 */
export function createModePolicy(options: ModePolicyOptions): PermissionPolicy {
  const { mode, workspace, rules } = options;
  return {
    mode,
    decide(request: PermissionRequest): PermissionDecision {
      const denyRule = rules?.find("deny", request);
      if (denyRule !== undefined) {
        return {
          behavior: "deny",
          rule: denyRule,
          reason: `Permission to use ${request.toolName} was denied by the rule ${denyRule}.`,
        };
      }
      const askRule = rules?.find("ask", request);
      if (askRule !== undefined) {
        return {
          behavior: "ask",
          rule: askRule,
          reason: `${request.toolName} matches the ask rule ${askRule}.`,
        };
      }
      if (mode === "bypassPermissions") return { behavior: "allow" };
      if (mode === "plan" && request.level !== "read") {
        return {
          behavior: "deny",
          reason:
            `Plan mode allows read-only tools only; ${request.toolName} needs ${describeLevel(request.level)}. ` +
            "Finish the plan and ask the user to leave plan mode before making changes.",
        };
      }
      const allowRule = rules?.find("allow", request);
      if (allowRule !== undefined) return { behavior: "allow", rule: allowRule };
      if (levelWithin(request.level, autoAllowCeiling(mode))) return { behavior: "allow" };
      const where = workspace === undefined ? "" : ` (workspace: ${workspace})`;
      if (mode === "dontAsk") {
        return {
          behavior: "deny",
          reason:
            `Permission to use ${request.toolName} was denied: dontAsk mode only runs read-only tools and ` +
            `pre-approved calls, and this call needs ${describeLevel(request.level)}${where}.`,
        };
      }
      return {
        behavior: "ask",
        reason: `${request.toolName} needs ${describeLevel(request.level)}${where}.`,
      };
    },
  };
}
