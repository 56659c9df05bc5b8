import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeShellCommand } from "../src/index.js";
import { bash, decideWith, tempWorkspace } from "./rules-fixture.js";

const { ws, home } = tempWorkspace();
const analyze = (command: string) => analyzeShellCommand(command, { workspaceRoots: [ws], cwd: ws, home });

describe("brace expansion", () => {
  it("expands lists, sequences and nesting into separate words (tree-sitter splits them into plain words)", async () => {
    const a = await analyze("cat {a,b/{c,d}} x{1..3}y {01..03} {a..e..2} {,z}");
    expect(a.subcommands[0]?.argv).toEqual([
      "cat",
      "a",
      "b/c",
      "b/d",
      "x1y",
      "x2y",
      "x3y",
      "01",
      "02",
      "03",
      "a",
      "c",
      "e",
      "z",
    ]);
    expect(a.level).toBe("read");
    expect(a.readPaths).toContain(join(ws, "b/d"));
  });

  it("a brace alternative outside the workspace makes the command full", async () => {
    expect((await analyze("cat {/etc/passwd,/dev/null}")).level).toBe("full");
    expect((await analyze("cat src/{../../x,a}")).level).toBe("full");
    expect((await analyze("{cat,/etc/passwd}")).level).toBe("full");
  });

  it("quoted and malformed braces stay literal; unbounded or unknown forms are dynamic", async () => {
    expect((await analyze("cat '{a,b}' {a,b \\{x,y\\}")).subcommands[0]?.argv).toEqual([
      "cat",
      "{a,b}",
      "{a,b",
      "{x,y}",
    ]);
    const big = await analyze("cat {1..100000}");
    expect(big.level).toBe("full");
    expect((await analyze("cat {a..Z}")).level).toBe("full");
    expect((await analyze("cat {a..b..c}")).level).toBe("full");
  });

  it("Read(.env) sees through braces", async () => {
    const deny = { deny: ["Read(.env)"] };
    expect((await decideWith(deny, bash("cat {.env,README.md}"), { ws })).behavior).toBe("deny");
    expect((await decideWith(deny, bash("cat .{env,x}"), { ws })).behavior).toBe("deny");
    expect((await decideWith(deny, bash("cat README.{md,txt}"), { ws })).behavior).toBe("allow");
  });

  it("deny rules see the command a brace expression spells", async () => {
    const d = await decideWith({ deny: ["Bash(rm *)"] }, bash("{rm,-rf,x}; r{m,x} -rf y"), {
      ws,
      mode: "bypassPermissions",
    });
    expect(d.behavior).not.toBe("allow");
    const r = await decideWith({ deny: ["Bash(rm *)"] }, bash("echo ok && r{m,} -rf y"), {
      ws,
      mode: "bypassPermissions",
    });
    expect(r.behavior).toBe("deny");
  });
});
