import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyPathAccess, isInsideDirectory } from "../src/index.js";

describe("classifyPathAccess", () => {
  const root = mkdtempSync(join(tmpdir(), "keel-perm-"));
  const ws = join(root, "ws");
  const outside = join(root, "outside");
  mkdirSync(ws);
  mkdirSync(outside);
  symlinkSync(outside, join(ws, "link"));

  it("inside → the access level, outside → full", () => {
    expect(classifyPathAccess(join(ws, "a.txt"), { workspace: ws, access: "read" })).toBe("read");
    expect(classifyPathAccess(join(ws, "new/dir/a.txt"), { workspace: ws, access: "write" })).toBe("write");
    expect(classifyPathAccess(join(outside, "a.txt"), { workspace: ws, access: "read" })).toBe("full");
    expect(classifyPathAccess(join(ws, "../outside/a"), { workspace: ws, access: "write" })).toBe("full");
  });

  it("a symlink pointing outside is judged by its target", () => {
    expect(classifyPathAccess(join(ws, "link", "a.txt"), { workspace: ws, access: "write" })).toBe("full");
  });

  it("isInsideDirectory is lexical and rejects sibling prefixes", () => {
    expect(isInsideDirectory("/a/b", "/a")).toBe(true);
    expect(isInsideDirectory("/a", "/a")).toBe(true);
    expect(isInsideDirectory("/ab", "/a")).toBe(false);
    expect(isInsideDirectory("/a/..b", "/a")).toBe(true);
  });
});
