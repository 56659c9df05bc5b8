import { chmodSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createGrepTool } from "../src/index.js";
import { levelOf, removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterAll(removeWorkspaces);

function put(root: string, rel: string, content: string, ageSeconds = 0): string {
  const path = join(root, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  const when = new Date(Date.UTC(2024, 0, 1) - ageSeconds * 1000);
  utimesSync(path, when, when);
  return path;
}

describe("Grep on real ripgrep", () => {
  const ws = tempWorkspace();
  mkdirSync(join(ws, ".git")); // rg applies .gitignore inside a git repository
  put(ws, ".gitignore", "ignored/\n*.log\n");
  const a = put(ws, "src/a.ts", "const Foo = 1;\nfoo();\nconst bar = Foo;\n", 200);
  const b = put(ws, "src/b.py", "def foo():\n    return 'FOO'\n", 100);
  put(ws, "ignored/c.ts", "foo\n");
  put(ws, "debug.log", "foo\n");
  put(ws, ".hidden/d.ts", "foo\n");
  const grep = createGrepTool();
  const ctx = toolContext(ws);
  const run = async (input: Record<string, unknown>) => grep.call({ pattern: "foo", ...input }, ctx);

  it("lists matching files newest first, respecting .gitignore and skipping hidden files", async () => {
    expect(await run({})).toEqual({ content: `Found 2 files\n${b}\n${a}` });
  });

  it("shows matching lines with line numbers in content mode", async () => {
    expect(await run({ output_mode: "content" })).toEqual({
      content: `${a}:2:foo();\n${b}:1:def foo():`,
    });
    expect(await run({ output_mode: "content", "-n": false, path: "src/a.ts" })).toEqual({
      content: `${a}:foo();`,
    });
  });

  it("matches case-insensitively with -i", async () => {
    const out = await run({ output_mode: "content", "-i": true, path: "src" });
    expect(text(out.content).split("\n")).toEqual([
      `${a}:1:const Foo = 1;`,
      `${a}:2:foo();`,
      `${a}:3:const bar = Foo;`,
      `${b}:1:def foo():`,
      `${b}:2:    return 'FOO'`,
    ]);
  });

  it("adds context lines with -A, -B and -C", async () => {
    const path = { path: "src/a.ts" };
    expect(text((await run({ output_mode: "content", "-A": 1, ...path })).content)).toBe(
      `${a}:2:foo();\n${a}-3-const bar = Foo;`,
    );
    expect(text((await run({ output_mode: "content", "-B": 1, ...path })).content)).toBe(
      `${a}-1-const Foo = 1;\n${a}:2:foo();`,
    );
    expect(
      text((await run({ output_mode: "content", context: 1, ...path })).content).split("\n"),
    ).toHaveLength(3);
    expect(text((await run({ output_mode: "content", "-C": 1, ...path })).content).split("\n")).toHaveLength(
      3,
    );
  });

  it("filters by glob and by type", async () => {
    expect(await run({ glob: "*.py" })).toEqual({ content: `Found 1 file\n${b}` });
    expect(await run({ type: "ts" })).toEqual({ content: `Found 1 file\n${a}` });
  });

  it("counts per file and adds a total", async () => {
    expect(await run({ output_mode: "count", "-i": true })).toEqual({
      content: `${a}:3\n${b}:2\n\nFound 5 matching lines in 2 files.`,
    });
  });

  it("pages content with head_limit and offset", async () => {
    const many = tempWorkspace();
    const path = put(many, "m.txt", Array.from({ length: 10 }, (_, i) => `hit ${i + 1}`).join("\n"));
    const paged = await createGrepTool().call(
      { pattern: "hit", output_mode: "content", head_limit: 3, offset: 3 },
      toolContext(many),
    );
    expect(paged.content).toBe(
      `${path}:4:hit 4\n${path}:5:hit 5\n${path}:6:hit 6\n\n(Showing lines 4-6 of 10. Call Grep again with offset 6 for more.)`,
    );
    const last = await createGrepTool().call(
      { pattern: "hit", output_mode: "content", head_limit: 3, offset: 9 },
      toolContext(many),
    );
    expect(last.content).toBe(`${path}:10:hit 10`);
    const files = await grep.call({ pattern: "foo", head_limit: 1 }, ctx);
    expect(files.content).toBe(
      `Found 2 files\n${b}\n\n(Showing files 1-1 of 2. Call Grep again with offset 1 for more.)`,
    );
  });

  it("matches across lines with multiline", async () => {
    const pattern = "foo\\(\\);\\nconst bar";
    const single = await grep.call({ pattern }, ctx);
    expect(single.isError).toBe(true);
    expect(text(single.content)).toMatch(
      /not allowed in a regex[\s\S]*\nSet multiline: true to match across lines\.$/,
    );
    expect(await grep.call({ pattern, multiline: true }, ctx)).toEqual({ content: `Found 1 file\n${a}` });
  });

  it("treats a pattern that looks like a flag as a pattern", async () => {
    const flags = tempWorkspace();
    const path = put(flags, "f.txt", "a --files b\n");
    expect(await createGrepTool().call({ pattern: "--files" }, toolContext(flags))).toEqual({
      content: `Found 1 file\n${path}`,
    });
  });

  it("reports no matches as a normal result and a bad regex as an error", async () => {
    const none = await grep.call({ pattern: "zzz_nothing" }, ctx);
    expect(none).toEqual({ content: `No matches found for "zzz_nothing" in ${ws}.` });
    const bad = await grep.call({ pattern: "(unclosed" }, ctx);
    expect(bad.isError).toBe(true);
    expect(text(bad.content)).toContain("regex parse error");
  });

  it("says how to install ripgrep when it is missing", async () => {
    const out = await createGrepTool({ rgPath: join(ws, "no-such-rg") }).call({ pattern: "x" }, ctx);
    expect(out).toEqual({
      content: "ripgrep (rg) is not installed: install it (e.g. apt-get install ripgrep).",
      isError: true,
    });
  });

  it("kills ripgrep when the call is aborted", async () => {
    const slow = join(ws, "slow-rg.sh");
    writeFileSync(slow, "#!/bin/sh\nexec sleep 60\n");
    chmodSync(slow, 0o755);
    const controller = new AbortController();
    const call = createGrepTool({ rgPath: slow }).call({ pattern: "x" }, toolContext(ws, controller.signal));
    setTimeout(() => controller.abort(), 50);
    expect(await call).toEqual({ content: "Grep was interrupted.", isError: true });
  });

  it("is read-only: read inside the workspace, full outside", async () => {
    expect(grep.readOnly).toBe(true);
    expect(await levelOf(grep, { pattern: "x" }, { cwd: ws })).toBe("read");
    expect(await levelOf(grep, { pattern: "x", path: "/etc" }, { cwd: ws })).toBe("full");
  });
});
