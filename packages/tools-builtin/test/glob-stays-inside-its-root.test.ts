import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createGlobTool } from "../src/index.js";
import { levelOf, removeWorkspaces, requiredAccess, text, toolContext } from "./context.js";
import { escapeFixture } from "./symlink-escape-fixture.js";

afterAll(removeWorkspaces);

describe("Glob searches below the directory it was checked for", () => {
  const { ws, outside } = escapeFixture();
  mkdirSync(join(ws, "src"));
  writeFileSync(join(ws, "src", "a.ts"), "a");
  writeFileSync(join(ws, "top.ts"), "t");
  const glob = createGlobTool();
  const ctx = toolContext(ws);

  it("takes the search root from the pattern's static prefix, .. included (B9)", async () => {
    expect(await levelOf(glob, { pattern: "../outside/*" }, { cwd: ws })).toBe("full");
    expect(await levelOf(glob, { pattern: "../ws/src/*" }, { cwd: ws })).toBe("read");
    expect(await levelOf(glob, { pattern: "../*", path: "src" }, { cwd: ws })).toBe("read");
    expect(await levelOf(glob, { pattern: "../../*", path: "src" }, { cwd: ws })).toBe("full");
    expect(await levelOf(glob, { pattern: "*", path: "d1/d2/up/../outside" }, { cwd: ws })).toBe("full");
    const access = await requiredAccess(glob, { pattern: "../outside/**/*" }, { cwd: ws });
    expect(access?.access?.reads).toEqual([outside]);
  });

  it("searches that same root", async () => {
    expect(await glob.call({ pattern: "../outside/*" }, ctx)).toEqual({
      content: [join(outside, "notebook.ipynb"), join(outside, "secret")].join("\n"),
    });
    expect(await glob.call({ pattern: "d1/d2/up/../outside/secret" }, ctx)).toEqual({
      content: join(outside, "secret"),
    });
    expect(await glob.call({ pattern: "src/*.ts" }, ctx)).toEqual({ content: join(ws, "src", "a.ts") });
    expect(await glob.call({ pattern: "nowhere/*.ts" }, ctx)).toEqual({
      content: `No files found matching nowhere/*.ts in ${join(ws, "nowhere")}.`,
    });
  });

  it("refuses .. after a wildcard, where no root could be checked", async () => {
    for (const pattern of ["*/../../outside/*", "{src,..}/outside/*", "src/**/../x"]) {
      const out = await glob.call({ pattern }, ctx);
      expect(out.isError).toBe(true);
      expect(text(out.content)).toMatch(/may use "\.\." only before the first wildcard/);
    }
  });

  it("does not return files reached through a symlinked directory that leads outside the root", async () => {
    const out = text((await glob.call({ pattern: "**/*" }, ctx)).content).split("\n");
    expect(out.some((path) => path.includes("dir-out"))).toBe(false);
    expect(out).toContain(join(ws, "src", "a.ts"));
    // The link's own name is in the workspace: a file symlink is listed (reading it needs full).
    expect(out).toContain(join(ws, "link-out"));
  });
});
