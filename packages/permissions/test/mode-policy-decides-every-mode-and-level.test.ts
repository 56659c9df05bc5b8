import { describe, expect, it } from "vitest";
import {
  createModePolicy,
  type PermissionDecision,
  type PermissionLevel,
  type PermissionMode,
  type RuleMatcher,
} from "../src/index.js";

type Cell = PermissionDecision["behavior"];

// Rows: mode; columns: read, write, full.
const TABLE: Record<PermissionMode, [Cell, Cell, Cell]> = {
  default: ["allow", "ask", "ask"],
  acceptEdits: ["allow", "allow", "ask"],
  plan: ["allow", "deny", "deny"],
  dontAsk: ["allow", "deny", "deny"],
  bypassPermissions: ["allow", "allow", "allow"],
};
const LEVELS: PermissionLevel[] = ["read", "write", "full"];

describe("createModePolicy without rules", () => {
  for (const [mode, row] of Object.entries(TABLE) as [PermissionMode, [Cell, Cell, Cell]][]) {
    for (const [i, level] of LEVELS.entries()) {
      it(`${mode} × ${level} → ${row[i]}`, () => {
        const policy = createModePolicy({ mode, workspace: "/ws" });
        expect(policy.mode).toBe(mode);
        const decision = policy.decide({ toolName: "Tool", input: {}, level });
        expect(decision.behavior).toBe(row[i]);
        if (decision.behavior !== "allow") {
          expect(decision.reason).toContain("Tool");
          expect(decision.rule).toBeUndefined();
        }
      });
    }
  }

  it("explains plan-mode denials", () => {
    const decision = createModePolicy({ mode: "plan" }).decide({
      toolName: "Write",
      input: {},
      level: "write",
    });
    expect(decision).toMatchObject({ behavior: "deny" });
    if (decision.behavior === "deny")
      expect(decision.reason).toMatch(/^Plan mode allows read-only tools only; Write/);
  });

  it("names the level and workspace when asking", () => {
    const decision = createModePolicy({ mode: "default", workspace: "/ws" }).decide({
      toolName: "Write",
      input: {},
      level: "write",
    });
    expect(decision).toEqual({
      behavior: "ask",
      reason: "Write needs write access inside the workspace (workspace: /ws).",
    });
  });
});

describe("rule seam (steps 1, 2, 4)", () => {
  const rules = (found: Partial<Record<"deny" | "ask" | "allow", string>>): RuleMatcher => ({
    find: (behavior) => found[behavior],
  });

  it("a deny rule beats bypassPermissions", () => {
    const d = createModePolicy({ mode: "bypassPermissions", rules: rules({ deny: "Bash(rm *)" }) }).decide({
      toolName: "Bash",
      input: {},
      level: "full",
    });
    expect(d).toMatchObject({ behavior: "deny", rule: "Bash(rm *)" });
  });

  it("an ask rule beats bypassPermissions and an allow rule", () => {
    const d = createModePolicy({
      mode: "bypassPermissions",
      rules: rules({ ask: "Bash(git push *)", allow: "Bash" }),
    }).decide({ toolName: "Bash", input: {}, level: "full" });
    expect(d).toMatchObject({ behavior: "ask", rule: "Bash(git push *)" });
  });

  it("an allow rule lifts an ask but not plan mode", () => {
    const withAllow = rules({ allow: "Write" });
    const req = { toolName: "Write", input: {}, level: "write" as const };
    expect(createModePolicy({ mode: "default", rules: withAllow }).decide(req)).toEqual({
      behavior: "allow",
      rule: "Write",
    });
    expect(createModePolicy({ mode: "dontAsk", rules: withAllow }).decide(req).behavior).toBe("allow");
    expect(createModePolicy({ mode: "plan", rules: withAllow }).decide(req).behavior).toBe("deny");
  });
});
