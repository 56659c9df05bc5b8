// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are shell commands
import { describe, expect, it } from "vitest";
import { analyzeShellCommand } from "../src/index.js";
import { bash, decideWith, tempWorkspace } from "./rules-fixture.js";

const { ws, home } = tempWorkspace();
const analyze = (command: string) => analyzeShellCommand(command, { workspaceRoots: [ws], cwd: ws, home });
const decide = async (command: string, rules: Parameters<typeof decideWith>[0] = { deny: ["Bash(rm *)"] }) =>
  (await decideWith(rules, bash(command), { ws, mode: "bypassPermissions" })).behavior;

describe("wrappers are stripped so deny rules see the command they run", () => {
  for (const command of [
    "exec rm x",
    "exec -a name rm x",
    "setsid rm x",
    "setsid -f rm x",
    "nohup rm x",
    "ionice -c 3 rm x",
    "ionice -c3 -n7 rm x",
    "chrt -f 10 rm x",
    "chrt --idle 0 rm x",
    "taskset 0x1 rm x",
    "taskset -c 0,1 rm x",
    "flock /tmp/l rm x",
    "flock -w 5 /tmp/l rm x",
    "flock /tmp/l -c 'rm x'",
    "stdbuf -oL -e0 rm x",
    "env -i A=1 rm x",
    "env -u HOME -- rm x",
    "env - rm x",
    "timeout -s KILL -k 1 5 rm x",
    "nice -5 rm x",
    "time -p rm x",
    "command -p rm x",
    "watch rm x",
    "watch -n1 -d 'ls; rm x'",
    "watch -x rm x",
    "echo x | xargs -r rm",
    "echo x | xargs -0 -n 1 -P 4 rm",
    "echo x | xargs -I{} rm {}",
    "echo x | xargs --no-run rm",
    "echo x | xargs -d '\\n' -L 1 -s 100 -t -x rm",
    "sudo rm x",
    "sudo -u bob -E rm x",
    "sudo A=1 rm x",
    "su -c 'rm x'",
    "su - bob -c 'rm x'",
    "su bob -c 'rm x'",
    "runuser -u bob -- rm x",
    "runuser bob -c 'rm x'",
    "script -qc 'rm x' /dev/null",
    "busybox rm x",
    "timeout 5 nice -n 1 exec rm x",
  ]) {
    it(`deny: ${command}`, async () => {
      expect(await decide(command)).toBe("deny");
    });
  }

  it("a wrapper the analysis can't read, or that hides the command, makes a deny rule ask", async () => {
    for (const command of [
      "env -S 'rm x'",
      "env --chdir=/ rm x",
      "sudo -s rm x",
      "sudo -i",
      "su bob",
      "script",
      "timeout $T rm x",
      "nice $N rm x",
      "xargs --bogus rm",
      "echo rm | xargs -I{} {} x",
      "watch $CMD",
      'flock /tmp/l -c "$X"',
    ]) {
      expect(await decide(command), command).toBe("ask");
    }
  });

  it("find -exec commands are analysed like any other", async () => {
    expect(await decide("find . -exec sudo rm {} \\;")).toBe("deny");
    expect(await decide("find . -exec sh -c 'rm x' \\;")).toBe("deny");
    expect(await decide("find . -exec nice {} x \\;")).toBe("ask");
    expect(await decide("find . -exec cat {} +")).toBe("allow");
  });

  it("allow rules look past harmless wrappers, not past sudo or su", async () => {
    const allow = { allow: ["Bash(npm test)"] };
    const inDefault = async (command: string) => (await decideWith(allow, bash(command), { ws })).behavior;
    expect(await inDefault("timeout 5 nice npm test")).toBe("allow");
    expect(await inDefault("sudo npm test")).toBe("ask");
    expect(await inDefault("su -c 'npm test'")).toBe("ask");
    expect(await inDefault("script -qc 'npm test' /dev/null")).toBe("ask");
  });

  it("uses that run nothing stay what they are", async () => {
    expect(await decide("command -v rm")).toBe("allow");
    expect(await decide("env")).toBe("allow");
    expect(await decide("ionice -p 1")).toBe("allow");
  });

  it("the wrapper's own effects count", async () => {
    for (const command of ["sudo ls", "su -c ls", "doas ls", "script -c ls /dev/null"]) {
      expect((await analyze(command)).level, command).toBe("full");
    }
    const flock = await analyze("flock ../lock ls");
    expect(flock.level).toBe("full");
    expect((await analyze("flock lock ls")).writePaths).toContain(`${ws}/lock`);
    expect((await analyze("time -o ../t ls")).level).toBe("full");
    expect((await analyze("echo | xargs -a .env echo")).readPaths).toContain(`${ws}/.env`);
    expect((await analyze("exec ls")).level).toBe("read");
    expect((await analyze("setsid touch x")).level).toBe("write");
  });
});

describe("code written as text is parsed like the commands around it", () => {
  it("trap, mapfile -C and let", async () => {
    expect(await decide("trap 'rm x' EXIT")).toBe("deny");
    expect(await decide("trap -- 'ls; rm -rf x' ERR INT")).toBe("deny");
    expect(await decide('trap "$X" EXIT')).toBe("ask");
    expect(await decide("mapfile -t -C 'rm x' -c 1 a < /dev/null")).toBe("deny");
    expect(await decide("let 'a[$(rm x)]'")).toBe("ask");
    expect(await decide("trap - EXIT")).toBe("allow");
    expect(await decide("trap -p")).toBe("allow");
  });

  it("code hidden in arithmetic or variable names makes a deny rule ask", async () => {
    for (const command of [
      "test -v 'a[$(rm x)]'",
      "[[ 'a[$(rm x)]' -eq 0 ]]",
      "echo $(( 'a[$(rm x)]' ))",
      "printf -v 'a[$(rm x)]' x",
    ]) {
      expect(await decide(command), command).toBe("ask");
    }
  });

  it("aliases and loaded builtins make every command opaque", async () => {
    for (const command of [
      "shopt -s expand_aliases; alias r=rm; r x",
      "shopt -s expand_aliases\nalias r=rm\nr x",
      "set -o posix; alias r=rm; r x",
      "BASH_ALIASES[r]=rm; r x",
      "enable -f ./x.so ls; ls",
      "enable -n echo; echo x",
      "bash -c 'shopt -s expand_aliases\nalias r=rm\nr x'",
    ]) {
      const a = await analyze(command);
      expect(a.opaqueCommand, command).toBe(true);
      expect(a.level, command).toBe("full");
      expect(await decide(command), command).toBe("ask");
    }
    expect((await analyze("alias")).opaqueCommand).toBeUndefined();
  });

  it("a function whose body matches a deny rule is still denied", async () => {
    expect(await decide("f() { rm x; }; f")).toBe("deny");
    expect(await decide('f() { "$@"; }; f rm x')).toBe("ask");
  });
});
