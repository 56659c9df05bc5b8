import { describe, expect, it } from "vitest";
import {
  createModePolicy,
  isPermissionMode,
  PERMISSION_MODES,
  PermissionError,
  parsePermissionMode,
  resolveWithoutApprover,
} from "../src/index.js";

describe("resolveWithoutApprover", () => {
  it("write level in default mode suggests acceptEdits or bypass", async () => {
    const request = { toolName: "Write", input: {}, level: "write" as const };
    const decision = await createModePolicy({ mode: "default" }).decide(request);
    expect(resolveWithoutApprover(decision, request, "default")).toEqual({
      behavior: "deny",
      reason:
        "Permission to use Write was denied: keel is running non-interactively in default mode. " +
        "Re-run with --permission-mode acceptEdits (workspace edits) or --permission-mode bypassPermissions (everything).",
    });
  });

  it("full level suggests bypassPermissions only", async () => {
    const request = { toolName: "Bash", input: {}, level: "full" as const };
    const decision = await createModePolicy({ mode: "acceptEdits" }).decide(request);
    const resolved = resolveWithoutApprover(decision, request, "acceptEdits");
    expect(resolved.behavior).toBe("deny");
    if (resolved.behavior === "deny") {
      expect(resolved.reason).toBe(
        "Permission to use Bash was denied: keel is running non-interactively in acceptEdits mode. " +
          "Re-run with --permission-mode bypassPermissions (everything).",
      );
    }
  });

  it("an ask rule is named instead of a flag", () => {
    const resolved = resolveWithoutApprover(
      { behavior: "ask", reason: "x", rule: "Bash(git push *)" },
      { toolName: "Bash", input: {}, level: "full" },
      "bypassPermissions",
    );
    expect(resolved).toMatchObject({ behavior: "deny", rule: "Bash(git push *)" });
    if (resolved.behavior === "deny") {
      expect(resolved.reason).toContain("ask rule Bash(git push *)");
      expect(resolved.reason).not.toContain("--permission-mode");
    }
  });

  it("read-level asks (from hooks) carry the original reason", () => {
    const resolved = resolveWithoutApprover(
      { behavior: "ask", reason: "Hook wants a human." },
      { toolName: "Read", input: {}, level: "read" },
      "default",
    );
    expect(resolved.behavior === "deny" && resolved.reason).toContain("Hook wants a human.");
  });

  it("passes allow and deny through unchanged", () => {
    const request = { toolName: "Read", input: {}, level: "read" as const };
    expect(resolveWithoutApprover({ behavior: "allow" }, request, "default")).toEqual({ behavior: "allow" });
    expect(resolveWithoutApprover({ behavior: "deny", reason: "no" }, request, "default")).toEqual({
      behavior: "deny",
      reason: "no",
    });
  });
});

describe("modes", () => {
  it("knows every mode and rejects others", () => {
    expect(PERMISSION_MODES).toEqual(["default", "acceptEdits", "plan", "dontAsk", "bypassPermissions"]);
    for (const m of PERMISSION_MODES) expect(isPermissionMode(m)).toBe(true);
    expect(isPermissionMode("auto")).toBe(false);
    expect(isPermissionMode(3)).toBe(false);
    expect(parsePermissionMode("plan")).toBe("plan");
    expect(() => parsePermissionMode("yolo")).toThrow(PermissionError);
    try {
      parsePermissionMode("yolo");
    } catch (e) {
      expect(e).toMatchObject({ kind: "invalid_mode" });
      expect((e as Error).message).toContain("acceptEdits");
    }
  });
});
