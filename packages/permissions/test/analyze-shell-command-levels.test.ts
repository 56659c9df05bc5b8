import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeShellCommand, type PermissionLevel } from "../src/index.js";
import { tempWorkspace } from "./rules-fixture.js";

const { ws } = tempWorkspace();
const extra = `${ws}-extra`;
const home = join(ws, "..", "home-of-user");
mkdirSync(join(ws, "src"));
mkdirSync(extra);
writeFileSync(join(ws, "src", "a.ts"), "");
symlinkSync("/etc", join(ws, "etc-link"));

const CASES: Array<[string, PermissionLevel]> = [
  ["ls -la src", "read"],
  ["cat src/a.ts | grep foo | wc -l", "read"],
  ["git status && git log --oneline -5 && git diff HEAD~1", "read"],
  ["git branch -a", "read"],
  ["find . -name '*.ts' -type f", "read"],
  ["echo $HOME", "read"],
  ['echo "$(cat src/a.ts)"', "read"],
  ["NODE_ENV=test ls", "read"],
  ["timeout 5 ls", "read"],
  ["cd src && ls", "read"],
  ["sort src/a.ts | uniq", "read"],
  [`ls ${extra}`, "read"],
  ["grep -r foo src 2>/dev/null", "read"],
  ["sed -n 1,5p src/a.ts", "read"],
  ["mkdir -p a/b && touch a/b/c", "write"],
  ["rm -rf build", "write"],
  ["mv a b; cp b c; ln -s c d", "write"],
  ["sed -i 's/a/b/g' src/a.ts", "write"],
  ["echo hi > out.txt", "write"],
  [`touch ${extra}/x`, "write"],
  ["cat /etc/passwd", "full"],
  ["cat ../x", "full"],
  ["cat ~/.ssh/id_rsa", "full"],
  ["cat $HOME/.bashrc", "full"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
  ["cat ${HOME}/.bashrc", "full"],
  ["cat $PWD/../x", "full"],
  ["cat etc-link/passwd", "full"],
  ["cd .. && ls", "full"],
  ["cd src && cat ../../x", "full"],
  ["echo hi > /tmp/x", "full"],
  ["echo hi > $OUT", "full"],
  ["rm -rf .", "full"],
  ["rm -rf /", "full"],
  ["npm test", "full"],
  ["curl https://example.com", "full"],
  ["eval ls", "full"],
  ["bash -c 'ls'", "full"],
  ["source x.sh", "full"],
  ["./script.sh", "full"],
  ["$CMD x", "full"],
  ["cat $FILE", "full"],
  ["find . -exec rm {} \\;", "full"],
  ["find . -delete", "full"],
  ["sort -o /tmp/x a", "full"],
  ["sed 's/a/b/w /tmp/x' src/a.ts", "full"],
  ["git push", "full"],
  ["git -c core.pager=sh log", "full"],
  ["git diff --output=/tmp/x", "full"],
  ["PATH=/tmp ls", "full"],
  ["export PATH=/tmp; ls", "full"],
  ["xargs rm", "full"],
  ["ls 'unterminated", "full"],
  ["f() { rm x; }; f", "full"],
  ["for f in *; do rm $f; done", "full"],
  ["cat .*", "full"],
  ["x".repeat(10_001), "full"],
  ["cat <<EOF > /tmp/x\nhi\nEOF", "full"],
  ["cat <<EOF | sh\nhi\nEOF", "full"],
  ["cat <<EOF > out.txt\nhi\nEOF", "write"],
  ["cat <<EOF\n$(rm -rf /)\nEOF", "full"],
];

describe("analyzeShellCommand levels", () => {
  for (const [command, level] of CASES) {
    it(`${level}: ${command.slice(0, 60)}`, async () => {
      const analysis = await analyzeShellCommand(command, { workspaceRoots: [ws, extra], cwd: ws, home });
      expect(analysis.level, analysis.reasons.join("; ")).toBe(level);
    });
  }

  it("reports subcommands, paths and parse errors", async () => {
    const a = await analyzeShellCommand("FOO=1 timeout 5 cat src/a.ts > out.txt && echo $(whoami)", {
      workspaceRoots: [ws],
      cwd: ws,
      home,
    });
    expect(a.subcommands.map((s) => s.argv)).toEqual([
      ["cat", "src/a.ts"],
      ["whoami"],
      ["echo", "$(whoami)"],
    ]);
    expect(a.subcommands[0]).toMatchObject({
      envPrefix: "FOO=1",
      envSafe: false,
      wrappedText: "timeout 5 cat src/a.ts",
    });
    expect(a.readPaths).toContain(join(ws, "src/a.ts"));
    expect(a.writePaths).toEqual([join(ws, "out.txt")]);
    expect(a.redirectWrites).toEqual([join(ws, "out.txt")]);
    const bad = await analyzeShellCommand("echo 'x", { workspaceRoots: [ws], cwd: ws, home });
    expect(bad.parseError).toMatch(/could not parse/);
  });
});
