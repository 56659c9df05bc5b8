// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are shell commands with ${…} expansions
import { describe, expect, it } from "vitest";
import { analyzeShellCommand } from "../src/index.js";
import { bash, decideWith, tempWorkspace } from "./rules-fixture.js";

const { ws, home } = tempWorkspace();
const analyze = (command: string) => analyzeShellCommand(command, { workspaceRoots: [ws], cwd: ws, home });
const decide = async (rules: Parameters<typeof decideWith>[0], command: string) =>
  decideWith(rules, bash(command), { ws, mode: "bypassPermissions" });

describe("commands whose name is only known at run time", () => {
  it("are flagged opaqueCommand", async () => {
    for (const command of [
      "$(echo rm) -f x",
      "$CMD x",
      '"${X}" y',
      'eval "$X"',
      'bash -c "$X"',
      "timeout 5 $X",
    ]) {
      const a = await analyze(command);
      expect(a.opaqueCommand, command).toBe(true);
      expect(a.level, command).toBe("full");
    }
    for (const command of ["rm -f x", "echo $X", "ls $(pwd)"]) {
      expect((await analyze(command)).opaqueCommand, command).toBeUndefined();
    }
  });

  it("a deny rule that could match them makes the call ask, even in bypassPermissions", async () => {
    const deny = { deny: ["Bash(rm *)"] };
    for (const command of [
      "$(echo rm) -f x",
      "$CMD x",
      '"${X}" y',
      'eval "$X"',
      "echo rm x | sh",
      "echo x | xargs $C",
    ]) {
      const d = await decide(deny, command);
      expect(d.behavior, command).toBe("ask");
      expect(d).toMatchObject({ rule: "Bash(rm *)", guarded: true });
    }
    expect((await decide(deny, "rm -f x")).behavior).toBe("deny");
    expect((await decide({ deny: ["Bash(rm -rf *)"] }, "echo -rf / | xargs rm")).behavior).toBe("ask");
    expect((await decide(deny, "ls $X")).behavior).toBe("allow");
  });

  it("find -exec runs a command deny rules see", async () => {
    expect((await decide({ deny: ["Bash(rm *)"] }, "find . -name x -exec rm -rf {} \\;")).behavior).toBe(
      "deny",
    );
    expect((await decide({ deny: ["Bash(rm -rf *)"] }, "find . -execdir rm {} +")).behavior).toBe("ask");
    expect((await decide({ deny: ["Bash(rm *)"] }, "find . -exec cat {} +")).behavior).toBe("allow");
  });

  it("the static words still have to fit the rule", async () => {
    expect((await decide({ deny: ["Bash(git push *)"] }, "git $SUB origin")).behavior).toBe("ask");
    expect((await decide({ deny: ["Bash(git push origin main)"] }, "$G origin main")).behavior).toBe("ask");
    expect((await decide({ deny: ["Bash(git push origin main)"] }, "$G status")).behavior).toBe("allow");
    expect((await decide({ ask: ["Bash(curl *)"] }, "$X https://e.com")).behavior).toBe("ask");
  });
});
