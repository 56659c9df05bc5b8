import { describe, expect, it } from "vitest";
import { bash, decideWith, tempWorkspace } from "./rules-fixture.js";

const { ws } = tempWorkspace();
const allowed = async (rule: string, command: string) =>
  (await decideWith({ allow: [rule] }, bash(command), { ws })).behavior === "allow";
const denied = async (rule: string, command: string) =>
  (await decideWith({ deny: [rule] }, bash(command), { ws, mode: "bypassPermissions" })).behavior === "deny";

describe("Bash(...) specifiers", () => {
  it("legacy :* — npm run test:* allows `npm run test -- -u` but not `npm run testx`", async () => {
    expect(await allowed("Bash(npm run test:*)", "npm run test -- -u")).toBe(true);
    expect(await allowed("Bash(npm run test:*)", "npm run test")).toBe(true);
    expect(await allowed("Bash(npm run test:*)", "npm run testx")).toBe(false);
  });

  it("exact match only without a wildcard", async () => {
    expect(await allowed("Bash(npm run build)", "npm run build")).toBe(true);
    expect(await allowed("Bash(npm run build)", "npm run build --watch")).toBe(false);
  });

  it("a trailing ` *` is a word boundary; `ls*` is not", async () => {
    expect(await allowed("Bash(ls *)", "ls")).toBe(true);
    expect(await allowed("Bash(ls *)", "ls -la")).toBe(true);
    expect(await allowed("Bash(ls *)", "lsof")).toBe(false);
    expect(await allowed("Bash(ls*)", "lsof")).toBe(true);
  });

  it("`*` anywhere spans spaces; a colon that isn't at the end is literal", async () => {
    expect(await allowed("Bash(git * main)", "git push origin main")).toBe(true);
    expect(await allowed("Bash(git * main)", "git push")).toBe(false);
    expect(await allowed("Bash(git:* push)", "git push")).toBe(false);
  });

  it("Bash(git status) does not allow `git status; rm -rf x`", async () => {
    expect(await allowed("Bash(git status)", "git status; rm -rf x")).toBe(false);
    expect(await allowed("Bash(git status)", "git status")).toBe(true);
  });

  it("every part of a compound command must be allowed (&&, ||, |, |&, &, newline, subshell, $(), backticks, <())", async () => {
    for (const cmd of [
      "git status && curl x",
      "git status || curl x",
      "git status | curl x",
      "git status |& curl x",
      "curl x & git status",
      "git status\ncurl x",
      "(curl x)",
      "git status $(curl x)",
      "git status `curl x`",
      "git status <(curl x)",
    ]) {
      expect(await allowed("Bash(git status *)", cmd), cmd).toBe(false);
      expect(await denied("Bash(curl *)", cmd), cmd).toBe(true);
    }
    const both = await decideWith(
      { allow: ["Bash(git status)", "Bash(npm test)"] },
      bash("git status && npm test"),
      { ws },
    );
    expect(both).toEqual({ behavior: "allow", rule: "Bash(git status), Bash(npm test)" });
  });

  it("wrappers are stripped with their options, for allow and deny", async () => {
    expect(await allowed("Bash(npm test)", "timeout -s KILL 30 npm test")).toBe(true);
    expect(await allowed("Bash(npm test)", "nice -n 5 nohup npm test")).toBe(true);
    expect(await denied("Bash(rm *)", "time stdbuf -oL command rm -rf x")).toBe(true);
    expect(await denied("Bash(rm *)", "find . | xargs rm")).toBe(true);
    expect(await denied("Bash(rm *)", "builtin noglob rm x")).toBe(true);
  });

  it("allow rules look past safe env assignments only; deny rules past any", async () => {
    expect(await allowed("Bash(npm test)", "NODE_ENV=test CI=1 LC_ALL=C npm test")).toBe(true);
    expect(await allowed("Bash(npm test)", "LD_PRELOAD=/x.so npm test")).toBe(false);
    expect(await denied("Bash(rm *)", "FOO=bar rm -rf x")).toBe(true);
    expect(await denied("Bash(rm *)", "env FOO=bar rm -rf x")).toBe(true);
  });

  it("deny rules see quoted and nested spellings (bash -c, eval)", async () => {
    expect(await denied("Bash(rm *)", "r'm' -rf x")).toBe(true);
    expect(await denied("Bash(rm *)", 'bash -c "rm -rf x"')).toBe(true);
    expect(await denied("Bash(rm *)", "eval rm -rf x")).toBe(true);
  });

  it("output redirections are writes checked against Edit rules (/dev/null exempt)", async () => {
    expect(await allowed("Bash(echo *)", "echo hi > /dev/null")).toBe(true);
    expect(await allowed("Bash(echo *)", "echo hi > out.txt")).toBe(false);
    const both = await decideWith({ allow: ["Bash(echo *)", "Edit(./out.txt)"] }, bash("echo hi > out.txt"), {
      ws,
    });
    expect(both.behavior).toBe("allow");
    const deny = await decideWith({ deny: ["Edit(./secret.txt)"] }, bash("echo hi >> secret.txt"), {
      ws,
      mode: "bypassPermissions",
    });
    expect(deny).toMatchObject({ behavior: "deny", rule: "Edit(./secret.txt)" });
  });

  it("an unparseable command is never pre-approved by a scoped allow", async () => {
    expect(await allowed("Bash(echo *)", "echo 'unterminated")).toBe(false);
    expect(await allowed("Bash", "echo 'unterminated")).toBe(true);
  });

  it("an ask rule beats an allow rule", async () => {
    const d = await decideWith({ allow: ["Bash"], ask: ["Bash(git push *)"] }, bash("git push origin main"), {
      ws,
    });
    expect(d).toMatchObject({ behavior: "ask", rule: "Bash(git push *)" });
  });
});
