import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type CallAccess,
  createModePolicy,
  type PermissionDecision,
  type PermissionLevel,
  type PermissionMode,
  type RuleMatcher,
} from "../src/index.js";

type Cell = PermissionDecision["behavior"];

// The README table. Rows: mode; columns: read, write, full, then a write to a protected path.
const TABLE: Record<PermissionMode, [Cell, Cell, Cell, Cell]> = {
  default: ["allow", "ask", "ask", "ask"],
  acceptEdits: ["allow", "allow", "ask", "ask"],
  plan: ["allow", "deny", "deny", "deny"],
  dontAsk: ["allow", "deny", "deny", "deny"],
  bypassPermissions: ["allow", "allow", "allow", "allow"],
};
const LEVELS: PermissionLevel[] = ["read", "write", "full"];
const ws = mkdtempSync(join(tmpdir(), "keel-table-"));
mkdirSync(join(ws, ".git"));
const protectedWrite: CallAccess = { reads: [], writes: [join(ws, ".git", "config")], recursiveReads: [] };
const plainWrite: CallAccess = { reads: [], writes: [join(ws, "a.txt")], recursiveReads: [] };

describe("createModePolicy: every mode × level", () => {
  for (const [mode, row] of Object.entries(TABLE) as [PermissionMode, [Cell, Cell, Cell, Cell]][]) {
    for (const [i, level] of LEVELS.entries()) {
      it(`${mode} × ${level} → ${row[i]}`, async () => {
        const policy = createModePolicy({ mode, workspace: ws });
        expect(policy.mode).toBe(mode);
        const access = level === "write" ? plainWrite : undefined;
        const decision = await policy.decide({
          toolName: "Tool",
          input: {},
          level,
          ...(access ? { access } : {}),
        });
        expect(decision.behavior).toBe(row[i]);
        if (decision.behavior !== "allow") {
          expect(decision.reason).toContain("Tool");
          expect(decision.rule).toBeUndefined();
        }
      });
    }
    it(`${mode} × write to a protected path → ${row[3]}`, async () => {
      const policy = createModePolicy({ mode, workspace: ws });
      const decision = await policy.decide({
        toolName: "Write",
        input: {},
        level: "write",
        access: protectedWrite,
      });
      expect(decision.behavior).toBe(row[3]);
      if (decision.behavior === "ask") expect(decision.reason).toContain("protected path");
    });
  }

  it("explains plan-mode denials", async () => {
    const decision = await createModePolicy({ mode: "plan" }).decide({
      toolName: "Write",
      input: {},
      level: "write",
    });
    expect(decision.behavior === "deny" && decision.reason).toMatch(
      /^Plan mode allows read-only tools only; Write/,
    );
  });

  it("names the level and workspace when asking", async () => {
    const decision = await createModePolicy({ mode: "default", workspace: "/ws" }).decide({
      toolName: "Write",
      input: {},
      level: "write",
    });
    expect(decision).toEqual({
      behavior: "ask",
      reason: "Write needs write access inside the workspace (workspace: /ws).",
    });
  });

  it("derives protected writes from Write's file_path when the tool doesn't say", async () => {
    const policy = createModePolicy({ mode: "acceptEdits", workspace: ws });
    const d = await policy.decide({
      toolName: "Write",
      input: { file_path: join(ws, ".bashrc") },
      level: "write",
    });
    expect(d.behavior).toBe("ask");
    const ok = await policy.decide({
      toolName: "Write",
      input: { file_path: join(ws, "src/a.ts") },
      level: "write",
    });
    expect(ok.behavior).toBe("allow");
  });

  it("exposes the workspace roots (cwd first, then additional directories)", () => {
    const policy = createModePolicy({ mode: "default", workspace: ws, additionalDirectories: ["/extra"] });
    expect(policy.workspaceRoots).toEqual([ws, "/extra"]);
  });
});

describe("rule seam (steps 1, 2, 4)", () => {
  const rules = (found: Partial<Record<"deny" | "ask" | "allow", string>>): RuleMatcher => ({
    find: (behavior) => found[behavior],
  });
  const full = { toolName: "Bash", input: {}, level: "full" as const };

  it("a deny rule beats bypassPermissions", async () => {
    const d = await createModePolicy({
      mode: "bypassPermissions",
      rules: rules({ deny: "Bash(rm *)" }),
    }).decide(full);
    expect(d).toMatchObject({ behavior: "deny", rule: "Bash(rm *)" });
  });

  it("an ask rule beats bypassPermissions and an allow rule", async () => {
    const d = await createModePolicy({
      mode: "bypassPermissions",
      rules: rules({ ask: "Bash(git push *)", allow: "Bash" }),
    }).decide(full);
    expect(d).toMatchObject({ behavior: "ask", rule: "Bash(git push *)" });
  });

  it("an allow rule lifts an ask and dontAsk, but not plan mode", async () => {
    const withAllow = rules({ allow: "Write" });
    const req = { toolName: "Write", input: {}, level: "write" as const };
    expect(await createModePolicy({ mode: "default", rules: withAllow }).decide(req)).toEqual({
      behavior: "allow",
      rule: "Write",
    });
    expect((await createModePolicy({ mode: "dontAsk", rules: withAllow }).decide(req)).behavior).toBe(
      "allow",
    );
    expect((await createModePolicy({ mode: "plan", rules: withAllow }).decide(req)).behavior).toBe("deny");
  });

  it("an allow rule does not pre-approve a protected path", async () => {
    const d = await createModePolicy({
      mode: "default",
      workspace: ws,
      rules: rules({ allow: "Edit" }),
    }).decide({
      toolName: "Edit",
      input: {},
      level: "write",
      access: protectedWrite,
    });
    expect(d).toMatchObject({ behavior: "ask", guarded: true });
  });
});
