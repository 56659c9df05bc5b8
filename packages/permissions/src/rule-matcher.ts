import type { PermissionRequest } from "./types.js";

export type RuleBehavior = "deny" | "ask" | "allow";

/**
 * Where permission rules plug into the decision ladder (steps 1, 2 and 4). `createRuleSet`
 * implements it with Claude Code's rule syntax; the policy fills `request.access` (paths,
 * shell subcommands) before it asks.
 */
export interface RuleMatcher {
  /**
   * The rule of `behavior` that matches the request, as the user wrote it (quoted in messages),
   * or undefined. For a shell allow, every subcommand must be covered; the answer then lists
   * the rules used. Must not throw.
   */
  find(behavior: RuleBehavior, request: PermissionRequest): string | undefined;
  /**
   * Optional: a deny or ask rule that could apply to a shell call the analysis can't see
   * through — a command only known at run time (`$CMD x`, `eval "$X"`, `xargs rm`; see
   * `ShellSubcommand.template`), or git printing contents from a repository holding denied
   * paths. The policy asks (`reason` says why), and no mode lifts it. Must not throw.
   */
  mayMatch?(request: PermissionRequest): { text: string; behavior: RuleBehavior; reason: string } | undefined;
  /** Optional: a Read deny rule that may match below `dir` (recursive shell reads). */
  readDeniedUnder?(dir: string): { text: string } | undefined;
}
