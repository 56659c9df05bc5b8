import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeShellCommand } from "../src/index.js";
import { bash, decideWith, tempWorkspace } from "./rules-fixture.js";

// getopt_long (and git's parse-options) take any unambiguous prefix of a long option.
const { ws, home } = tempWorkspace();
mkdirSync(join(ws, ".git", "hooks"), { recursive: true });
mkdirSync(join(ws, "sub"));
writeFileSync(join(ws, ".env"), "TOKEN=x\n");
const analyze = (command: string, cwd = ws) =>
  analyzeShellCommand(command, { workspaceRoots: [ws], cwd, home });

const FULL = [
  "sort -S1K --compress-prog=sh x",
  "sort --compress sh x",
  "sort --outp=.git/config x",
  "sort --temp=/tmp x",
  "git grep --open='cmd' -e .",
  "git grep --open-files='cmd' -e . -- sub",
  "git log --outp=x",
  "git diff --ext HEAD",
  "grep --der x .",
  "grep --d x .",
  "egrep --dereference-r x .",
  "date --se=2020-01-01",
  "date --fil .env",
  "date --f .env",
  "hostname --fil=x",
  "hostname --b",
  "file --comp x",
  "file --c x",
  "tree -R -H . x",
  "rg --pr=cat x",
  "rg --hostname=/tmp/x x",
  "sed --expr='w /tmp/x' p",
  "sed --e='w /tmp/x' p",
  "sed --fi=script.sed x",
  "sed --in-place=../bak/ s/a/b/ x",
  "sed -ne'w /tmp/x' p",
  "sed p -e 'w /tmp/x'",
  "sed -n -e p -f script.sed x",
];

describe("abbreviated long options are spelled out before they are judged", () => {
  for (const command of FULL) {
    it(`full: ${command}`, async () => {
      const a = await analyze(command);
      expect(a.level, a.reasons.join("; ")).toBe("full");
    });
  }

  it("an abbreviated recursive option reads recursively", async () => {
    for (const command of [
      "grep --recu SECRET .",
      "grep --rec SECRET",
      "grep --dir=recurse SECRET .",
      "diff --recu sub sub",
    ]) {
      const a = await analyze(command);
      expect(a.recursiveReadPaths.length, command).toBeGreaterThan(0);
    }
  });

  it("an abbreviated pattern option leaves the operands as paths", async () => {
    for (const command of [
      "grep --rege=. .env",
      "grep --reg . .env",
      "fgrep --fil=p .env",
      "rg --rege=. .env",
    ]) {
      expect((await analyze(command)).readPaths, command).toContain(join(ws, ".env"));
    }
    const d = await decideWith({ deny: ["Read(./.env)"] }, bash("grep --rege=TOKEN .env"), { ws });
    expect(d.behavior).toBe("deny");
  });

  it("sed --in-place abbreviated writes; options after operands count", async () => {
    const a = await analyze("sed --in-pl s/a/b/ f");
    expect(a.level).toBe("write");
    expect(a.writePaths).toContain(join(ws, "f"));
    expect((await analyze("sed s/a/b/ f -i")).writePaths).toContain(join(ws, "f"));
    expect((await analyze("sed -n p f")).level).toBe("read");
    expect((await analyze("sed -e s/a/b/ -e p f")).level).toBe("read");
  });

  it("cp/mv/ln abbreviated target-directory and symbolic options", async () => {
    const a = await analyze("cp --targ .git/hooks post-checkout");
    expect(a.writePaths).toContain(join(ws, ".git/hooks"));
    const d = await decideWith({}, bash("cp --targ .git/hooks post-checkout"), { ws, mode: "acceptEdits" });
    expect(d.behavior).toBe("ask");
    // From ws/sub, `../x` is ws/x; but the link lands in ws, where `../x` is outside.
    expect((await analyze("ln --sym ../x ../l && cat ../l", join(ws, "sub"))).level).toBe("full");
  });

  it("git content options abbreviated still print contents", async () => {
    const a = await analyze("git log --pat");
    expect(a.repositoryReadPaths).toContain(ws);
    expect((await analyze("git show --name-o HEAD")).repositoryReadPaths).toEqual([]);
  });

  it("full spellings and harmless abbreviations keep their level", async () => {
    for (const command of [
      "sort --rev x",
      "grep --ignore x f",
      "git log --onel",
      "date --utc",
      "file --brief x",
    ]) {
      expect((await analyze(command)).level, command).toBe("read");
    }
  });
});

describe("git global options", () => {
  it("any config override or exec path makes a read-only git command full", async () => {
    for (const command of [
      "git -c core.pager=sh log",
      "git -ccore.pager=sh log",
      "git -C . -c core.fsmonitor=x status",
      "git --config-env core.pager=X log",
      "git --config-env=core.pager=X status",
      "git --exec-path=/tmp status",
      "git --exec-path status",
      "git -C /tmp status",
      "git --no-pager -c alias.x=y diff",
      "env GIT_CONFIG_PARAMETERS=x git log",
      "GIT_PAGER=sh git log",
      "git --git-dir=/tmp/x log",
    ]) {
      const a = await analyze(command);
      expect(a.level, command).toBe("full");
    }
    expect((await analyze("git -C sub status")).level).toBe("read");
    expect((await analyze("git --no-pager log --oneline")).level).toBe("read");
  });
});
