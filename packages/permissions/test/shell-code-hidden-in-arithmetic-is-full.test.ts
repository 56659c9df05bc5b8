// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are shell commands with ${…} expansions
import { describe, expect, it } from "vitest";
import { analyzeShellCommand } from "../src/index.js";
import { bash, decideWith, tempWorkspace } from "./rules-fixture.js";

const { ws, home } = tempWorkspace();
const analyze = (command: string) => analyzeShellCommand(command, { workspaceRoots: [ws], cwd: ws, home });

// Bash evaluates array subscripts — `$(…)` included, even from single-quoted text — wherever it
// evaluates arithmetic or takes a variable name: these run `touch` although no command is visible.
const RUNS_CODE = [
  "[[ 'a[$(touch /tmp/x)]' -eq 0 ]]",
  "[[ 0 -lt 'a[$(touch /tmp/x)]' ]]",
  "[[ -v 'a[$(touch /tmp/x)]' ]]",
  "[ -v 'a[$(touch /tmp/x)]' ]",
  "test -v 'a[$(touch /tmp/x)]'",
  "printf -v 'a[$(touch /tmp/x)]' x",
  "echo $(( 'a[$(touch /tmp/x)]' ))",
  "echo $[ 'a[$(touch /tmp/x)]' ]",
  "(( 'a[$(touch /tmp/x)]' ))",
  "declare 'a[$(touch /tmp/x)]=1'",
  "unset 'a[$(touch /tmp/x)]'",
  "declare -i LANG; LANG='a[$(touch /tmp/x)]'",
  "LANG='a[$(touch /tmp/x)]'; echo $((LANG))",
  "LANG='a[$(touch /tmp/x)]'; [[ LANG -eq 0 ]]",
  "for x in 'a[$(touch /tmp/x)]'; do echo $((x)); done",
  "echo ${x:='a[$(touch /tmp/x)]'} $((x))",
  "echo ${a['$(touch /tmp/x)']}",
  "echo ${x:'a[$(touch /tmp/x)]'}",
  "echo ${x@P}",
  "echo ${!x}",
  "printf $(echo -v) 'a[$(touch /tmp/x)]' x",
  "test $(echo -v) 'a[$(touch /tmp/x)]'",
  "[ $X ]",
  '[ "$X" "$Y" ]',
  "[ \"$X\" 'a[$(touch /tmp/x)]' ]",
  "test $X",
  "[[ -v $X ]]",
  "for ((i=0;i<3;i++)); do echo; done",
];

const STAYS_READ = [
  "[[ x -eq 0 ]]",
  "[[ $? -eq 0 && -n $X ]]",
  "[ 1 -lt 2 ]",
  "[ -f src/a.ts ]",
  "test -d src",
  '[ -n "$X" ]',
  '[ -z "$(git status --porcelain)" ] && echo clean',
  'test -f "$HOME/x"',
  "echo $((1 + 2 * 3)) ${x:-d} ${#x} ${a[@]} ${x:1:2}",
  "printf '%s\\n' \"$X\"",
  "export NODE_ENV=test",
  "unset FOO",
];

describe("code bash evaluates inside read-only commands", () => {
  for (const command of RUNS_CODE) {
    it(`full: ${command}`, async () => {
      const a = await analyze(command);
      expect(a.level, a.reasons.join("; ")).toBe("full");
    });
  }
  for (const command of STAYS_READ) {
    it(`read: ${command}`, async () => {
      const a = await analyze(command);
      expect(a.level, a.reasons.join("; ")).toBe("read");
    });
  }

  it("[[ ]] and (( )) are subcommands an allow rule must cover", async () => {
    const a = await analyze("npm test && [[ 'a[$(rm -rf x)]' -eq 0 ]] && (( 1 ))");
    expect(a.subcommands.map((s) => s.text)).toEqual(["npm test", "[[ 'a[$(rm -rf x)]' -eq 0 ]]", "(( 1 ))"]);
    const allowNpm = { allow: ["Bash(npm test)"] };
    expect((await decideWith(allowNpm, bash("npm test"), { ws })).behavior).toBe("allow");
    expect((await decideWith(allowNpm, bash("npm test && [[ 'a[$(rm x)]' -eq 0 ]]"), { ws })).behavior).toBe(
      "ask",
    );
    expect((await decideWith(allowNpm, bash("npm test && (( 1 ))"), { ws })).behavior).toBe("ask");
    expect(
      (await decideWith(allowNpm, bash("npm test; for ((;;)); do rm -rf x; done"), { ws })).behavior,
    ).toBe("ask");
  });
});
