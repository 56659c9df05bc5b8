import type { PermissionRequest } from "./types.js";

export type RuleBehavior = "deny" | "ask" | "allow";

/**
 * Where permission rules plug into the decision ladder (steps 1, 2 and 4). The rule engine
 * (Claude Code rule syntax: `Bash(npm run test:*)`, `Read(./src/**)`, `mcp__server__tool`)
 * implements this; until then a policy has no rules.
 */
export interface RuleMatcher {
  /**
   * The first rule of `behavior` that matches the request, as the user wrote it (it is quoted
   * in messages), or undefined. Must not throw.
   */
  find(behavior: RuleBehavior, request: PermissionRequest): string | undefined;
}
