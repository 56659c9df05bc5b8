import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScriptedProvider } from "@keel/provider";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAgent } from "../src/create-agent.js";
import { contextBlock, loadSessionContext, parseGitStatus, readGitContext } from "../src/system-prompt.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, stdio: "pipe" });

function repo(branch = "main") {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "keel-context-")));
  const cwd = join(root, "repo");
  mkdirSync(cwd);
  git(cwd, "init", "-q", "-b", branch);
  writeFileSync(join(cwd, "tracked.txt"), "one\n");
  git(cwd, "add", ".");
  git(cwd, "commit", "-q", "-m", "init");
  return { root, cwd };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the context block", () => {
  it("leaves the system prompt byte-identical across days and branches; date and branch go in the context", async () => {
    const { root, cwd } = repo("main");
    writeFileSync(join(cwd, "AGENTS.md"), "Always run the linter.");
    const env = {
      HOME: join(root, "home"),
      KEEL_HOME: join(root, "keel"),
      PATH: process.env.PATH,
      SHELL: "/bin/bash",
    };
    const requests = async (day: string) => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date(`${day}T12:00:00Z`));
      const provider = new ScriptedProvider([{ content: [{ type: "text", text: "ok" }] }]);
      const created = await createAgent({ cwd, env, provider, sandbox: false, noPersist: true });
      await created.agent.run("hello");
      await created.close();
      vi.useRealTimers();
      return provider.requests[0]!;
    };
    const first = await requests("2026-03-01");
    git(cwd, "checkout", "-q", "-b", "feature/other");
    const second = await requests("2026-03-02");
    expect(second.system).toBe(first.system);
    expect(first.system).not.toMatch(/2026|main|feature\/other|linter/);
    expect(first.context).toContain("Today's date: 2026-03-01");
    expect(second.context).toContain("Today's date: 2026-03-02");
  });

  it("carries the date, the branch, a bounded git status and the memory files", async () => {
    const { root, cwd } = repo("trunk");
    writeFileSync(join(cwd, "tracked.txt"), "changed\n");
    for (let i = 0; i < 12; i++) writeFileSync(join(cwd, `new${String(i).padStart(2, "0")}.txt`), "x");
    writeFileSync(join(cwd, "CLAUDE.md"), "Use tabs.");
    const context = await loadSessionContext({
      cwd,
      keelHome: join(root, "keel"),
      home: join(root, "home"),
      now: new Date("2026-05-06T00:00:00Z"),
    });
    expect(context.git).toMatchObject({ branch: "trunk", more: 0, complete: true });
    expect(context.text).toMatch(/^<context>\nToday's date: 2026-05-06\nGit branch: trunk\n/);
    expect(context.text).toContain(" M tracked.txt\n?? CLAUDE.md\n?? new00.txt");
    expect(context.text).toContain(`<memory>\n`);
    expect(context.text).toContain(
      `Contents of ${cwd}/CLAUDE.md (project instructions, checked into the codebase):\n\nUse tabs.\n</memory>`,
    );

    const bounded = await readGitContext(cwd, { maxLines: 3 });
    expect(bounded?.status).toEqual([" M tracked.txt", "?? CLAUDE.md", "?? new00.txt"]);
    expect(bounded?.more).toBe(11);
    expect(contextBlock(new Date("2026-05-06T00:00:00Z"), { git: bounded! })).toContain(
      "… and 11 more changed paths",
    );
  });

  it("omits git outside a repository and when git cannot run", async () => {
    const plain = realpathSync(mkdtempSync(join(tmpdir(), "keel-context-plain-")));
    expect(await readGitContext(plain)).toBeUndefined();
    const { cwd } = repo();
    expect(await readGitContext(cwd, { env: { PATH: join(plain, "no-such-dir") } })).toBeUndefined();
    const context = await loadSessionContext({ cwd: plain, keelHome: plain, home: plain, now: new Date(0) });
    expect(context.text).toBe("<context>\nToday's date: 1970-01-01\n</context>");
  });

  it("reads tracking, unborn and detached states from git's branch line", async () => {
    expect(parseGitStatus("## main...origin/main [ahead 2, behind 1]\n M a\n", 10)).toEqual({
      branch: "main",
      tracking: "origin/main: ahead 2, behind 1",
      status: [" M a"],
      more: 0,
      complete: true,
    });
    expect(parseGitStatus("## No commits yet on dev\n", 10)).toMatchObject({
      branch: "dev",
      tracking: "no commits yet",
    });
    expect(parseGitStatus("## HEAD (no branch)\n", 10).branch).toBeUndefined();
    expect(contextBlock(new Date(0), { git: parseGitStatus("## HEAD (no branch)\n", 10) })).toContain(
      "Git branch: (detached HEAD)\nGit status at session start: clean",
    );
    const unborn = realpathSync(mkdtempSync(join(tmpdir(), "keel-context-unborn-")));
    git(unborn, "init", "-q", "-b", "fresh");
    expect(await readGitContext(unborn)).toMatchObject({ branch: "fresh", tracking: "no commits yet" });
  });
});
