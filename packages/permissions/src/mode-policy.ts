import { homedir } from "node:os";
import { resolve } from "node:path";
import { deriveAccess } from "./access/derive-access.js";
import { autoAllowCeiling, describeLevel, levelWithin } from "./modes.js";
import { isProtectedPath } from "./paths/protected-paths.js";
import type { RuleMatcher } from "./rule-matcher.js";
import type {
  CallAccess,
  PermissionDecision,
  PermissionMode,
  PermissionPolicy,
  PermissionRequest,
} from "./types.js";

export interface ModePolicyOptions {
  mode: PermissionMode;
  /** Workspace root (the session's cwd): named in messages; relative paths resolve here. */
  workspace?: string;
  /** More workspace roots (`--add-dir`, `permissions.additionalDirectories`). */
  additionalDirectories?: readonly string[];
  /** Home directory for `~` in shell commands. Default `os.homedir()`. */
  home?: string;
  /** Permission rules (steps 1, 2 and 4 of the ladder), e.g. `createRuleSet(...)`. Absent: no rules. */
  rules?: RuleMatcher;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A mode policy whose mode and rules a front end can change mid-session (Shift+Tab, `/permissions`). */
export interface ModePolicy extends PermissionPolicy {
  readonly mode: PermissionMode;
  /** Decisions made after this call use `mode`. */
  setMode(mode: PermissionMode): void;
  /** Decisions made after this call use `rules` (e.g. a rule the user just approved). */
  setRules(rules: RuleMatcher | undefined): void;
}

/**
 * The decision ladder of ARCHITECTURE.md ("Permission decision"), first decisive step wins:
 * (1) deny rule → deny; (2) ask rule → ask; (3) bypassPermissions → allow, plan above read →
 * deny; (4) allow rule → allow; (5) level within the mode's auto-allow ceiling → allow;
 * (6) dontAsk → deny; otherwise ask. A write to a protected path (`.git/`, `.keel/`, shell rc
 * files …) is never allowed by steps 4–5, nor is a recursive shell read (`grep -r`, `rg`) of a
 * directory holding paths a Read rule denies.
 */
export function createModePolicy(options: ModePolicyOptions): ModePolicy {
  const { workspace } = options;
  let mode = options.mode;
  let rules = options.rules;
  const home = options.home ?? homedir();
  const roots =
    workspace === undefined
      ? []
      : [resolve(workspace), ...(options.additionalDirectories ?? []).map((d) => resolve(d))];

  async function accessOf(request: PermissionRequest): Promise<CallAccess | undefined> {
    if (request.access !== undefined || workspace === undefined) return request.access;
    try {
      return await deriveAccess(request, { cwd: resolve(workspace), workspaceRoots: roots, home });
    } catch (error) {
      // The parser failed to load: deny rules still see the raw command; no allow rule applies.
      return {
        reads: [],
        writes: [],
        recursiveReads: [],
        shell: { subcommands: [], redirectWrites: [], parseError: errorMessage(error) },
      };
    }
  }

  return {
    get mode() {
      return mode;
    },
    setMode(next: PermissionMode) {
      mode = next;
    },
    setRules(next: RuleMatcher | undefined) {
      rules = next;
    },
    workspaceRoots: roots,
    async decide(original: PermissionRequest): Promise<PermissionDecision> {
      const access = await accessOf(original);
      const request: PermissionRequest = access === undefined ? original : { ...original, access };
      const name = request.toolName;
      const denyRule = rules?.find("deny", request);
      if (denyRule !== undefined) {
        return {
          behavior: "deny",
          rule: denyRule,
          reason: `Permission to use ${name} was denied by the rule ${denyRule}.`,
        };
      }
      const askRule = rules?.find("ask", request);
      if (askRule !== undefined) {
        return { behavior: "ask", rule: askRule, reason: `${name} matches the ask rule ${askRule}.` };
      }
      // (2b) A rule that may apply where the analysis can't see: ask, whatever the mode.
      const possible = rules?.mayMatch?.(request);
      if (possible !== undefined) {
        return {
          behavior: "ask",
          rule: possible.text,
          guarded: true,
          reason: `${name}: ${possible.reason}`,
        };
      }
      if (mode === "bypassPermissions") return { behavior: "allow" };
      if (mode === "plan" && request.level !== "read") {
        return {
          behavior: "deny",
          reason:
            `Plan mode allows read-only tools only; ${name} needs ${describeLevel(request.level)}. ` +
            "Finish the plan and ask the user to leave plan mode before making changes.",
        };
      }
      const guarded = guard(request, roots, rules);
      if (guarded === undefined) {
        const allowRule = rules?.find("allow", request);
        if (allowRule !== undefined) return { behavior: "allow", rule: allowRule };
        if (levelWithin(request.level, autoAllowCeiling(mode))) return { behavior: "allow" };
      }
      const where = workspace === undefined ? "" : ` (workspace: ${roots.join(", ")})`;
      const why = guarded ?? `${name} needs ${describeLevel(request.level)}${where}.`;
      if (mode === "dontAsk") {
        return {
          behavior: "deny",
          reason: `Permission to use ${name} was denied: dontAsk mode only runs read-only tools and pre-approved calls. ${why}`,
        };
      }
      return guarded === undefined
        ? { behavior: "ask", reason: why }
        : { behavior: "ask", reason: why, guarded: true };
    },
  };
}

/** Why steps 4–5 may not allow this call, or undefined. */
function guard(
  request: PermissionRequest,
  roots: readonly string[],
  rules: RuleMatcher | undefined,
): string | undefined {
  const access = request.access;
  if (access === undefined) return undefined;
  const protectedPath = access.writes.find((p) => isProtectedPath(p, roots));
  if (protectedPath !== undefined) {
    return `${request.toolName} writes ${protectedPath}, a protected path (git, editor, shell or agent configuration): only a person can approve that.`;
  }
  for (const dir of access.recursiveReads) {
    const rule = rules?.readDeniedUnder?.(dir);
    if (rule !== undefined) {
      return `${request.toolName} reads ${dir} recursively, which holds paths denied by ${rule.text}; name the files to read instead.`;
    }
  }
  return undefined;
}
