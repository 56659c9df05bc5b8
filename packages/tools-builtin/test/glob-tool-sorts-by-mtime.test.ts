import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createGlobTool } from "../src/index.js";
import { levelOf, removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterAll(removeWorkspaces);

/** Creates a file with an mtime `age` seconds in the past. */
function touch(root: string, rel: string, age: number): string {
  const path = join(root, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, rel);
  const when = new Date(Date.UTC(2024, 0, 1) - age * 1000);
  utimesSync(path, when, when);
  return path;
}

describe("Glob", () => {
  const ws = tempWorkspace();
  const glob = createGlobTool();
  const ctx = toolContext(ws);
  const old = touch(ws, "src/old.ts", 300);
  const mid = touch(ws, "src/deep/mid.ts", 200);
  const fresh = touch(ws, "new.ts", 100);
  touch(ws, "src/readme.md", 50);
  touch(ws, "node_modules/pkg/index.ts", 0);
  touch(ws, ".git/hooks/x.ts", 0);

  it("returns absolute paths, newest first, skipping .git and node_modules", async () => {
    const out = await glob.call({ pattern: "**/*.ts" }, ctx);
    expect(out).toEqual({ content: [fresh, mid, old].join("\n") });
  });

  it("searches under path and keeps * within one directory", async () => {
    const out = await glob.call({ pattern: "*.ts", path: join(ws, "src") }, ctx);
    expect(out).toEqual({ content: old });
    const relative = await glob.call({ pattern: "**/*.{ts,md}", path: "src" }, ctx);
    expect(text(relative.content).split("\n")).toEqual([join(ws, "src/readme.md"), mid, old]);
  });

  it("searches node_modules when the pattern names it", async () => {
    const out = await glob.call({ pattern: "node_modules/**/*.ts" }, ctx);
    expect(out).toEqual({ content: join(ws, "node_modules/pkg/index.ts") });
  });

  it("caps results and says how many matched", async () => {
    const many = tempWorkspace();
    for (let i = 0; i < 105; i++) touch(many, `f${String(i).padStart(3, "0")}.txt`, i);
    const out = text((await createGlobTool().call({ pattern: "*.txt" }, toolContext(many))).content);
    const lines = out.split("\n");
    expect(lines.slice(0, 100)).toEqual(
      Array.from({ length: 100 }, (_, i) => join(many, `f${String(i).padStart(3, "0")}.txt`)),
    );
    expect(out).toContain("(Showing the 100 newest of 105 matching files.");
  });

  it("says so when nothing matches, and refuses a path that is not a directory", async () => {
    expect(await glob.call({ pattern: "**/*.rs" }, ctx)).toEqual({
      content: `No files found matching **/*.rs in ${ws}.`,
    });
    const notDir = await glob.call({ pattern: "*", path: fresh }, ctx);
    expect(notDir).toEqual({
      content: `path must be a directory, but ${fresh} is a file. Use its directory instead.`,
      isError: true,
    });
    expect((await glob.call({ pattern: "*", path: join(ws, "missing") }, ctx)).isError).toBe(true);
  });

  it("is read-only: read inside the workspace, full outside", async () => {
    expect(glob.readOnly).toBe(true);
    expect(await levelOf(glob, { pattern: "**/*" }, { cwd: ws })).toBe("read");
    expect(await levelOf(glob, { pattern: "*", path: "/etc" }, { cwd: ws })).toBe("full");
    expect(await levelOf(glob, { pattern: "/etc/**/*.conf" }, { cwd: ws })).toBe("full");
  });
});
