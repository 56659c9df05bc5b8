import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeShellCommand, canonicalPath, classifyPathAccess, PermissionError } from "../src/index.js";
import { bash, decideWith, tempWorkspace } from "./rules-fixture.js";

// root/ws/d1/d2/up -> root/ws, so ws/d1/d2/up/../outside/secret is root/outside/secret:
// lexically inside the workspace (`path.resolve` gives ws/d1/d2/outside/secret), physically not.
const { ws: root } = tempWorkspace();
const ws = join(root, "ws");
mkdirSync(join(ws, "d1", "d2"), { recursive: true });
mkdirSync(join(root, "outside"));
writeFileSync(join(root, "outside", "secret"), "s");
writeFileSync(join(ws, ".env"), "s");
symlinkSync(ws, join(ws, "d1", "d2", "up"));
symlinkSync("loop-b", join(ws, "loop-a"));
symlinkSync("loop-a", join(ws, "loop-b"));
const sneakyText = `${ws}/d1/d2/up/../outside/secret`;

describe("canonicalPath", () => {
  it("applies `..` after a symlink to the link's target", () => {
    expect(canonicalPath("d1/d2/up/../outside/secret", ws)).toBe(join(root, "outside", "secret"));
    expect(canonicalPath(sneakyText, "/")).toBe(join(root, "outside", "secret"));
    expect(canonicalPath("d1/d2/up/d1/./new/../x", ws)).toBe(join(ws, "d1", "x"));
  });

  it("keeps a missing tail as written and rejects symlink loops", () => {
    expect(canonicalPath("d1/d2/up/missing/a/../b", ws)).toBe(join(ws, "missing", "b"));
    expect(() => canonicalPath("loop-a/x", ws)).toThrow(PermissionError);
  });

  it("classifies the physical location, not the lexical one", () => {
    expect(classifyPathAccess(sneakyText, { workspace: ws, access: "read" })).toBe("full");
  });

  it("shell paths with `..` after a link are judged where they lead", async () => {
    const a = await analyzeShellCommand("cat d1/d2/up/../outside/secret", {
      workspaceRoots: [ws],
      cwd: ws,
      home: root,
    });
    expect(a.level).toBe("full");
    expect(a.readPaths).toContain(join(root, "outside", "secret"));
    expect(
      (
        await analyzeShellCommand("cd d1/d2/up/.. && cat ../outside/secret", {
          workspaceRoots: [ws],
          cwd: ws,
          home: root,
        })
      ).level,
    ).toBe("full");
  });

  it("Read rules see the canonical path of a Read call and of a shell path", async () => {
    const deny = { deny: [`Read(/${join(root, "outside", "secret")})`] };
    const readCall = { toolName: "Read", input: { file_path: sneakyText }, level: "read" as const };
    expect((await decideWith(deny, readCall, { ws })).behavior).toBe("deny");
    expect((await decideWith(deny, bash("cat d1/d2/up/../outside/secret"), { ws })).behavior).toBe("deny");
    expect((await decideWith({ deny: ["Read(./.env)"] }, bash("cat d1/d2/up/.env"), { ws })).behavior).toBe(
      "deny",
    );
  });
});
