import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeShellCommand } from "../src/index.js";
import { tempWorkspace } from "./rules-fixture.js";

const { ws, home } = tempWorkspace();
mkdirSync(join(ws, "sub"));
const analyze = (command: string, cwd = ws) =>
  analyzeShellCommand(command, { workspaceRoots: [ws], cwd, home });

const FULL = [
  "rg --hostname-bin=/tmp/evil x",
  "rg --hostname-bin /tmp/evil x",
  "rg --search-zip x",
  "rg -z x",
  "rg --pre=cat x",
  "rg -L x",
  "grep -R x .",
  "find . -fprint /tmp/x",
  "find . -fls x",
  "find . -execdir ls \\;",
  "find . -okdir ls \\;",
  "sort -T /tmp a",
  "sort --temporary-directory=/tmp a",
  "sort -o x a",
  "sed -n 'w /tmp/x' a",
  "sed '1e id' a",
  "sed -i'../bak/*' s/a/b/ a",
  "date -f /etc/shadow",
  "hostname evil",
  "xargs -0 rm",
  "git -c core.pager=sh log",
  "git --exec-path=/tmp log",
  "git -C /tmp status",
  "git --config-env=core.pager=X log",
  "tar -xf a.tar",
  "less a",
  "man ls",
  "cd -",
  "diff -r --dereference a b",
];

describe("read-only commands with options that write or run programs", () => {
  for (const command of FULL) {
    it(`full: ${command}`, async () => {
      const a = await analyze(command);
      expect(a.level, a.reasons.join("; ")).toBe("full");
    });
  }

  it("diff -r and grep -d read recursively", async () => {
    expect((await analyze("diff -r sub sub")).recursiveReadPaths).toContain(join(ws, "sub"));
    expect((await analyze("grep -d recurse x .")).recursiveReadPaths).toContain(ws);
  });

  it("ln -s resolves a relative target from the link's directory", async () => {
    // From ws/sub, `../x` is ws/x; but the link lands in ws, where `../x` is outside.
    const a = await analyze("ln -s ../x ../l && cat ../l", join(ws, "sub"));
    expect(a.level).toBe("full");
    expect((await analyze("ln -s a.txt sub/l")).level).toBe("write");
  });
});
