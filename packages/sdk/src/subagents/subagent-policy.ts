import type { PermissionDecision, PermissionPolicy } from "@keel/permissions";

/**
 * The parent's policy as a sub-agent sees it: every decision is the parent's, but an `ask`
 * becomes a deny at once, since nobody can answer a sub-agent. The reason says so (the generic
 * no-approver message would tell the model to re-run keel with a flag, which is wrong inside an
 * interactive session). The mode is read live, so a mode change in the parent applies.
 */
export function subagentPolicy(parent: PermissionPolicy): PermissionPolicy {
  return {
    get mode() {
      return parent.mode;
    },
    ...(parent.workspaceRoots === undefined ? {} : { workspaceRoots: parent.workspaceRoots }),
    async decide(request): Promise<PermissionDecision> {
      const decision = await parent.decide(request);
      if (decision.behavior !== "ask") return decision;
      const reason =
        `Permission to use ${request.toolName} was denied: a sub-agent cannot ask the user for approval, ` +
        `and this call needs it: ${decision.reason.replace(/\.?$/, ".")} ` +
        "Do without it, or finish and say in your report what needs doing, so the parent agent can do it.";
      return decision.rule === undefined
        ? { behavior: "deny", reason }
        : { behavior: "deny", reason, rule: decision.rule };
    },
  };
}
