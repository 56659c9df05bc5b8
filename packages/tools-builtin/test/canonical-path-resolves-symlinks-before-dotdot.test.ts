import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { canonicalPath } from "../src/canonical-path.js";
import { writeFileAtomic } from "../src/write/write-file-atomic.js";
import { removeWorkspaces } from "./context.js";
import { escapeFixture } from "./symlink-escape-fixture.js";

afterAll(removeWorkspaces);

describe("canonicalPath", () => {
  const { root, ws, outside, viaDotDot } = escapeFixture();

  it("applies .. after a symlink to the link's target, as the kernel does", async () => {
    expect(await canonicalPath(`${viaDotDot}/written`, "/")).toBe(join(outside, "written"));
    expect(readFileSync(`${viaDotDot}/secret`, "utf8")).toBe("outside secret\n"); // the kernel agrees
    expect(await canonicalPath("d1/d2/up/../outside/secret", ws)).toBe(join(outside, "secret"));
  });

  it("resolves file and directory links, and links inside links", async () => {
    expect(await canonicalPath(join(ws, "link-out"), "/")).toBe(join(outside, "secret"));
    expect(await canonicalPath(join(ws, "dir-out", "new", "file"), "/")).toBe(join(outside, "new", "file"));
    expect(await canonicalPath(join(ws, "d1/d2/up/d1/d2/up/link-out"), "/")).toBe(join(outside, "secret"));
  });

  it("appends a missing tail as written, .. removing the previous component", async () => {
    expect(await canonicalPath(join(ws, "a", "b.txt"), "/")).toBe(join(ws, "a", "b.txt"));
    expect(await canonicalPath(`${ws}/missing/../d1/./x`, "/")).toBe(join(ws, "d1", "x"));
    expect(await canonicalPath("", ws)).toBe(ws);
  });

  it("follows a dangling link to where a write would create the file", async () => {
    symlinkSync(join(outside, "not-yet"), join(ws, "dangling"));
    expect(await canonicalPath(join(ws, "dangling"), "/")).toBe(join(outside, "not-yet"));
  });

  it("rejects a symlink loop", async () => {
    symlinkSync(join(root, "loop-b"), join(root, "loop-a"));
    symlinkSync(join(root, "loop-a"), join(root, "loop-b"));
    await expect(canonicalPath(join(root, "loop-a", "x"), "/")).rejects.toThrow(/symbolic links|symlink/i);
  });
});

describe("writeFileAtomic", () => {
  it("creates its temp file in the canonical parent directory", async () => {
    const { ws, outside, viaDotDot } = escapeFixture();
    // Lexically `ws/d1/d2/outside/new.txt`, a directory that doesn't exist.
    const result = await writeFileAtomic(`${viaDotDot}/new.txt`, "x");
    expect(result).toEqual({ created: true, bytes: 1, path: join(outside, "new.txt") });
    expect(readFileSync(join(outside, "new.txt"), "utf8")).toBe("x");
    expect(existsSync(join(ws, "d1", "d2", "outside"))).toBe(false);
    expect(readdirSync(outside).filter((n) => n.includes(".keel-"))).toEqual([]);
  });

  it("creates missing parents below the canonical directory", async () => {
    const { outside, viaDotDot } = escapeFixture();
    mkdirSync(join(outside, "sub"));
    const result = await writeFileAtomic(`${viaDotDot}/sub/deeper/n.txt`, "y");
    expect(result.path).toBe(join(outside, "sub", "deeper", "n.txt"));
    expect(readFileSync(result.path, "utf8")).toBe("y");
  });
});
