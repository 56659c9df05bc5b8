import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadMemoryFiles } from "../src/memory/load-memory-files.js";
import { findImports } from "../src/memory/memory-imports.js";

function tree(files: Record<string, string>) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "keel-memory-")));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function load(root: string, cwd: string, extra: Partial<Parameters<typeof loadMemoryFiles>[0]> = {}) {
  return loadMemoryFiles({
    cwd: join(root, cwd),
    keelHome: join(root, "keel"),
    home: join(root, "home"),
    ...extra,
  });
}

describe("memory files", () => {
  it("loads user files, then each directory from the git root down to the cwd, with imports after their importer", () => {
    const root = tree({
      "keel/AGENTS.md": "user keel rules",
      "home/.claude/CLAUDE.md": "user claude rules",
      "repo/.git/HEAD": "ref: refs/heads/main",
      "repo/AGENTS.md": "root agents",
      "repo/CLAUDE.md": "See @AGENTS.md and @docs/style.md.\nAlso @~/notes.md",
      "repo/docs/style.md": "style guide",
      "home/notes.md": "home notes",
      "repo/pkg/CLAUDE.local.md": "private pkg notes",
      "repo/pkg/sub/AGENTS.md": "sub agents",
      "AGENTS.md": "outside the repo: never read",
    });
    const memory = load(root, "repo/pkg/sub");
    expect(memory.files.map((f) => [f.path.slice(root.length), f.scope])).toEqual([
      ["/keel/AGENTS.md", "user"],
      ["/home/.claude/CLAUDE.md", "user"],
      ["/repo/AGENTS.md", "project"],
      ["/repo/CLAUDE.md", "project"],
      ["/repo/docs/style.md", "import"],
      ["/home/notes.md", "import"],
      ["/repo/pkg/CLAUDE.local.md", "local"],
      ["/repo/pkg/sub/AGENTS.md", "project"],
    ]);
    expect(memory.warnings).toEqual([]);
    // AGENTS.md is sent once though CLAUDE.md imports it; each file has a header naming it.
    expect(memory.text.match(/root agents/g)).toHaveLength(1);
    expect(memory.text).toContain(
      `Contents of ${root}/repo/docs/style.md (imported by ${root}/repo/CLAUDE.md):\n\nstyle guide`,
    );
    expect(memory.text).toContain(
      `Contents of ${root}/repo/pkg/CLAUDE.local.md (the user's private project instructions`,
    );
    expect(memory.text).not.toContain("never read");
  });

  it("reads only the cwd outside a repository, and can skip Claude Code's user file", () => {
    const root = tree({
      "AGENTS.md": "parent",
      "proj/AGENTS.md": "proj",
      "home/.claude/CLAUDE.md": "claude user",
    });
    const memory = load(root, "proj", { claudeUserMemory: false });
    expect(memory.files.map((f) => f.content)).toEqual(["proj"]);
  });

  it("survives import cycles and stops at the depth limit with a warning naming the file and line", () => {
    const chain: Record<string, string> = {
      "p/.git/HEAD": "",
      "p/a.md": "A imports @b.md",
      "p/b.md": "B imports @a.md",
    };
    for (let i = 1; i <= 7; i++) chain[`p/d${i}.md`] = `level ${i}\n@d${i + 1}.md`;
    chain["p/d8.md"] = "level 8";
    chain["p/CLAUDE.md"] = "@a.md\n@d1.md";
    const root = tree(chain);
    const memory = load(root, "p");
    const names = memory.files.map((f) => f.path.slice(root.length + 3));
    expect(names).toEqual(["CLAUDE.md", "a.md", "b.md", "d1.md", "d2.md", "d3.md", "d4.md", "d5.md"]);
    expect(memory.warnings).toEqual([
      `${root}/p/d5.md:2: @d6.md not imported: imports are followed at most 5 levels deep.`,
    ]);
    const shallow = load(root, "p", { maxImportDepth: 1 });
    expect(shallow.files.map((f) => f.path.slice(root.length + 3))).toEqual(["CLAUDE.md", "a.md", "d1.md"]);
  });

  it("does not import from code spans, fences or comments, and leaves missing files as text with a warning", () => {
    const root = tree({
      "p/AGENTS.md": [
        "Run `@secret.md` literally.",
        "```",
        "@fenced.md",
        "```",
        "<!-- @commented.md -->",
        "Use @keel/core and email me@example.com.",
        "Missing: @docs/missing.md",
        "Real: @real.md",
      ].join("\n"),
      "p/secret.md": "S",
      "p/fenced.md": "F",
      "p/commented.md": "C",
      "p/real.md": "R",
    });
    const memory = load(root, "p");
    expect(memory.files.map((f) => f.content)).toEqual([
      expect.stringContaining("Missing: @docs/missing.md"),
      "R",
    ]);
    expect(memory.warnings).toEqual([
      `${root}/p/AGENTS.md:7: imported file @docs/missing.md not found; left as text.`,
    ]);
    expect(findImports("a\n  ~~~md\n@x.md\n  ~~~\n``@y.md``@z.md").map((i) => i.path)).toEqual([]);
    expect(findImports("x `code` @a.md\n@b.md").map((i) => [i.path, i.line])).toEqual([
      ["a.md", 1],
      ["b.md", 2],
    ]);
  });

  it("sends a symlinked CLAUDE.md once", () => {
    const root = tree({ "p/AGENTS.md": "shared rules" });
    symlinkSync(join(root, "p/AGENTS.md"), join(root, "p/CLAUDE.md"));
    expect(load(root, "p").files.map((f) => f.path.slice(root.length))).toEqual(["/p/AGENTS.md"]);
  });

  it("cuts the combined text at the size limit with a marker naming what was left out", () => {
    const root = tree({
      "p/AGENTS.md": "a".repeat(60),
      "p/CLAUDE.md": "b".repeat(60),
      "p/CLAUDE.local.md": "c".repeat(10),
    });
    const memory = load(root, "p", { maxTotalChars: 100 });
    expect(memory.files.map((f) => f.sent)).toEqual(["full", "cut", "omitted"]);
    expect(memory.files[1]?.content).toBe("b".repeat(40));
    expect(memory.text).toContain(
      `${"b".repeat(40)}\n\n[Memory files cut here: they exceed the 100-character limit. 30 more characters were not sent, from ${root}/p/CLAUDE.md, ${root}/p/CLAUDE.local.md.]`,
    );
    expect(memory.text).not.toContain("ccc");
    expect(memory.warnings[0]).toMatch(/^Memory files cut here/);
  });

  it("skips files over the size limit and binary files with a warning", () => {
    const root = tree({ "p/AGENTS.md": "x".repeat(2000), "p/CLAUDE.md": "bin\u0000ary" });
    const memory = load(root, "p", { maxFileBytes: 1000 });
    expect(memory.files).toEqual([]);
    expect(memory.warnings).toEqual([
      expect.stringMatching(/AGENTS\.md is 2000 bytes, over the 1000-byte limit/),
      expect.stringMatching(/CLAUDE\.md looks binary/),
    ]);
  });
});
