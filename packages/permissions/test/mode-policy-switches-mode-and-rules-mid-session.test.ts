import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createModePolicy, createRuleSet, parsePermissionRule } from "../src/index.js";

const ws = mkdtempSync(join(tmpdir(), "keel-switch-"));
const write = {
  toolName: "Write",
  input: { file_path: join(ws, "a.txt") },
  level: "write" as const,
  access: { reads: [], writes: [join(ws, "a.txt")], recursiveReads: [] },
};

describe("a mode policy changed mid-session", () => {
  it("decides with the new mode after setMode (Shift+Tab)", async () => {
    const policy = createModePolicy({ mode: "default", workspace: ws });
    expect((await policy.decide(write)).behavior).toBe("ask");
    policy.setMode("acceptEdits");
    expect(policy.mode).toBe("acceptEdits");
    expect((await policy.decide(write)).behavior).toBe("allow");
    policy.setMode("plan");
    expect((await policy.decide(write)).behavior).toBe("deny");
  });

  it("decides with the new rules after setRules (a rule the user just approved)", async () => {
    const policy = createModePolicy({ mode: "default", workspace: ws });
    const bash = { toolName: "Bash", input: { command: "npm test" }, level: "full" as const };
    expect((await policy.decide(bash)).behavior).toBe("ask");
    const rule = parsePermissionRule("Bash(npm test)", "allow", { kind: "cli", root: ws, origin: "test" });
    policy.setRules(createRuleSet([rule], { cwd: ws, home: ws }));
    expect((await policy.decide(bash)).behavior).toBe("allow");
  });
});
