import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createModePolicy, createRuleSet, type PermissionMode, parsePermissionRule } from "@keel/permissions";
import type { ToolResultBlock } from "@keel/protocol";
import { ToolRegistry, ToolRunner } from "@keel/tools";
import { createBuiltinTools, probeBubblewrap } from "@keel/tools-builtin";
import { describe, expect, it } from "vitest";
import { bashSandboxFor } from "../src/bash-sandbox.js";

const SECRET = "SECRET_VALUE_42";
const SENTINEL = "SENTINEL_CONTENT_17";

/** Every file below `dir` with its content (links listed, not followed). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else out[relative(dir, p)] = st ? readFileSync(p, "utf8") : "(dangling)";
    }
  };
  walk(dir);
  return out;
}

type Call = { name: string; input: Record<string, unknown> };

/** A git repository holding the secrets in its history (no hook samples: `--template=`). */
function commitEverything(ws: string, home: string): void {
  const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: "1" };
  const git = (...args: string[]) => execFileSync("git", args, { cwd: ws, env, stdio: "ignore" });
  git("init", "-q", "--template=");
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init");
}

/** The corpus: each call tries to write outside the workspace or read a denied/outside file. */
function corpus(ws: string, sentinel: string): Call[] {
  const sh = (command: string): Call => ({ name: "Bash", input: { command } });
  const S = sentinel;
  return [
    sh("echo pwned > ../pwned.txt"),
    sh(`echo pwned > ${S}/new.txt`),
    sh("touch ../pwned2"),
    sh("cp src/a.txt ../copy.txt"),
    sh("mv src/a.txt ../moved.txt"),
    sh(`rm -rf ${S}`),
    sh(`ln -s ${S}/keep.txt ll && echo x > ll`),
    sh("echo x > link-out/keep.txt"),
    sh("touch link-out/new.txt"),
    sh("sed -i s/SENTINEL/pwned/ link-out/keep.txt"),
    sh(`sed -i s/SENTINEL/pwned/ ${S}/keep.txt`),
    sh("sed 's/a/b/w ../w.txt' src/a.txt"),
    sh("echo $(touch ../sub.txt)"),
    sh("echo `touch ../backtick.txt`"),
    sh('eval "touch ../eval.txt"'),
    sh('bash -c "touch ../bashc.txt"'),
    sh("sh -c 'echo x > ../shc.txt'"),
    sh("find . -name a.txt -exec touch ../find.txt \\;"),
    sh("find .. -name keep.txt -delete"),
    sh("cd .. && touch pwned3"),
    sh("cd src; cd ..; cd ..; touch pwned4"),
    sh("HOME=..; touch ~/pwned5"),
    sh("touch $HOME/pwned6"),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
    sh("touch ${HOME}/pwned7"),
    sh("touch $PWD/../pwned8"),
    sh('touch "$(dirname "$PWD")/pwned9"'),
    sh("X=..; touch $X/pwned10"),
    sh("env FOO=1 touch ../pwned11"),
    sh("timeout 5 touch ../pwned12"),
    sh("nice -n 1 cp src/a.txt ../pwned13"),
    sh("ln -s .. up && touch up/pwned14"),
    sh("touch ../{a,b}.txt"),
    sh("touch ../*"),
    sh("echo x >| ../clobber.txt"),
    sh("echo x &> ../amp.txt"),
    sh("tee ../tee.txt < src/a.txt"),
    sh("printf x | dd of=../dd.txt"),
    sh("git init ../repo"),
    sh("mkdir ../newdir"),
    sh(`python3 -c "open('../py.txt','w')"`),
    sh("cat <<EOF > ../heredoc.txt\npwned\nEOF"),
    sh("cat <<EOF | sh\ntouch ../heredoc-sh.txt\nEOF"),
    sh("echo hook > .git/hooks/post-checkout"),
    sh("echo 'x' >> .bashrc"),
    // Reads that a rule denies or that leave the workspace.
    sh("cat .env"),
    sh("grep SECRET .env"),
    sh("grep -r SECRET ."),
    sh("rg SECRET"),
    sh("cat .en?"),
    sh("cat src/../.env"),
    sh("head -c 100 ./.env"),
    sh("cat < .env"),
    sh("cp .env leak.txt && cat leak.txt"),
    sh(`cat ${S}/keep.txt`),
    sh("cat link-out/keep.txt"),
    sh("cat ../sentinel/keep.txt"),
    // B1: bash evaluates subscripts (and the `$(…)` in them) in arithmetic and variable names.
    sh("[[ 'a[$(touch ../b1-test.txt)]' -eq 0 ]]"),
    sh("[[ -v 'a[$(touch ../b1-v.txt)]' ]]"),
    sh("[ -v 'a[$(touch ../b1-bracket.txt)]' ]"),
    sh("test -v 'a[$(touch ../b1-testv.txt)]'"),
    sh("printf -v 'a[$(touch ../b1-printf.txt)]' x"),
    sh("echo $(( 'a[$(touch ../b1-arith.txt)]' ))"),
    sh("declare -a a; unset 'a[$(touch ../b1-unset.txt)]'"),
    sh("echo $(( 'a[$(cat .env)]' ))"),
    // B2: brace expansion.
    sh("cat {.env,/dev/null}"),
    sh("cat {../sentinel/keep.txt,src/a.txt}"),
    sh(`cat {${S}/keep.txt,src/a.txt}`),
    sh("touch {../b2-brace.txt,src/ok.txt}"),
    // B3: `..` after a symlink (d1/d2/up -> the workspace) leaves it.
    sh("cat d1/d2/up/../sentinel/keep.txt"),
    sh("touch d1/d2/up/../b3-touch.txt"),
    sh("echo x > d1/d2/up/../b3-redirect.txt"),
    { name: "Read", input: { file_path: `${ws}/d1/d2/up/../sentinel/keep.txt` } },
    { name: "Write", input: { file_path: `${ws}/d1/d2/up/../b3-write.txt`, content: "x" } },
    // B7: git prints contents from its object store.
    sh("git show HEAD:.env"),
    sh("git cat-file -p HEAD:.env"),
    sh("git log -p"),
    sh("git show HEAD"),
    sh("git grep SECRET"),
    sh("git grep SECRET HEAD"),
    sh("git archive HEAD | cat"),
    // B10: options of read-only commands that write, run or read elsewhere.
    sh("date -f .env"),
    sh("grep -d recurse SECRET ."),
    sh("sed -i'../b10-sedbak-*' s/hello/hello/ src/a.txt"),
    sh("sort -T .. -o ../b10-sort.txt src/a.txt"),
    sh("rg --pre cat SECRET"),
    sh("rg -z SECRET"),
    // B8: the command's name is only known when it runs.
    sh("$(echo cat) .env"),
    sh("X=cat; $X .env"),
    sh("$(echo touch) ../b8-touch.txt"),
    // B11: getopt_long takes any unambiguous prefix of a long option.
    sh("grep --recu SECRET ."),
    sh("grep --rege=SECRET .env"),
    sh("grep --rege SECRET private.txt"),
    sh("date --fil .env"),
    sh("sort --outp=.bashrc src/a.txt"),
    sh("sed --expr='w ../b11-sed.txt' p"),
    sh("sed -ne'w ../b11-sed-cluster.txt' p"),
    sh("sed p -e 'w ../b11-sed-after.txt'"),
    sh("git grep --open='touch ../b11-git-grep.txt' -e hello -- src"),
    sh("cp --targ .git/hooks src/a.txt"),
    // B12: wrappers and code written as text.
    sh("exec cat .env"),
    sh("setsid cat private.txt"),
    sh("timeout 5 nice -n 1 stdbuf -oL cat .env"),
    sh("echo | xargs -r -a .env echo"),
    sh("flock ../b12.lock true"),
    sh("time -o ../b12-time.txt true"),
    sh("trap 'touch ../b12-trap.txt' EXIT"),
    sh("script -qc 'touch ../b12-script.txt' /dev/null"),
    sh("su -c 'touch ../b12-su.txt'"),
    { name: "Grep", input: { pattern: "SECRET", output_mode: "content" } },
    { name: "Grep", input: { pattern: "TOKEN", path: ws, output_mode: "content", "-i": true } },
    { name: "Grep", input: { pattern: "SENTINEL", path: S, output_mode: "content" } },
    { name: "Read", input: { file_path: `${S}/keep.txt` } },
    { name: "Read", input: { file_path: join(ws, "link-out", "keep.txt") } },
    { name: "Read", input: { file_path: join(ws, ".env") } },
    { name: "Read", input: { file_path: join(ws, "..", "sentinel", "keep.txt") } },
    { name: "Write", input: { file_path: `${S}/new.txt`, content: "x" } },
    { name: "Write", input: { file_path: join(ws, "link-out", "new2.txt"), content: "x" } },
    { name: "Write", input: { file_path: join(ws, "..", "pwned-w.txt"), content: "x" } },
    { name: "Write", input: { file_path: join(ws, ".env"), content: "overwritten" } },
    { name: "Write", input: { file_path: join(ws, ".git", "hooks", "pre-commit"), content: "x" } },
  ];
}

async function runCorpus(mode: PermissionMode, sandboxed = false) {
  // With the sandbox the temp dir is writable by design: keep the sentinel outside it.
  const base = sandboxed && existsSync("/var/tmp") ? "/var/tmp" : tmpdir();
  const root = realpathSync(mkdtempSync(join(base, "keel-adversarial-")));
  const ws = join(root, "ws");
  const sentinel = join(root, "sentinel");
  const home = join(root, "home");
  for (const d of [ws, sentinel, home, join(ws, "src"), join(ws, ".git", "hooks")])
    mkdirSync(d, { recursive: true });
  writeFileSync(join(ws, ".env"), `TOKEN=${SECRET}\n`);
  writeFileSync(join(ws, "private.txt"), `${SECRET}\n`); // not hidden from rg: only the rule protects it
  writeFileSync(join(ws, "src", "a.txt"), "hello\n");
  writeFileSync(join(sentinel, "keep.txt"), `${SENTINEL}\n`);
  symlinkSync(sentinel, join(ws, "link-out"));
  mkdirSync(join(ws, "d1", "d2"), { recursive: true });
  symlinkSync(ws, join(ws, "d1", "d2", "up"));
  commitEverything(ws, home);
  const before = { root: readdirSync(root).sort(), sentinel: snapshot(sentinel), home: snapshot(home) };

  const source = { kind: "project" as const, root: ws };
  const denies = ["Read(./.env)", "Read(./private.txt)"].map((r) => parsePermissionRule(r, "deny", source));
  const rules = createRuleSet(denies, {
    cwd: ws,
    home,
  });
  const { sandbox } = sandboxed
    ? bashSandboxFor({ enabled: true, allowNetwork: false, workspaceRoots: [ws], rules: rules.rules, home })
    : {};
  const runner = new ToolRunner({
    registry: new ToolRegistry(
      createBuiltinTools({ env: { PATH: process.env.PATH, HOME: home }, ...(sandbox ? { sandbox } : {}) }),
    ),
    policy: createModePolicy({ mode, workspace: ws, home, rules }),
  });
  const results: Array<{ call: Call; result: ToolResultBlock }> = [];
  // In the sandbox run only Bash is confined by the kernel (file tools rely on the policy).
  const calls = corpus(ws, sentinel).filter((c) => !sandboxed || c.name === "Bash");
  for (const [i, call] of calls.entries()) {
    const [result] = await runner.run(
      [{ type: "tool_use", id: `t${i}`, name: call.name, input: call.input }],
      {
        cwd: ws,
        signal: new AbortController().signal,
        emit: () => {},
      },
    );
    results.push({ call, result: result as ToolResultBlock });
  }
  // A legitimate call still works, so the corpus isn't passing because everything fails.
  const [ok] = await runner.run(
    [{ type: "tool_use", id: "ok", name: "Bash", input: { command: "cat src/a.txt" } }],
    {
      cwd: ws,
      signal: new AbortController().signal,
      emit: () => {},
    },
  );
  return { root, ws, sentinel, home, before, results, ok: ok as ToolResultBlock };
}

const text = (r: ToolResultBlock) =>
  typeof r.content === "string"
    ? r.content
    : r.content.map((b) => (b.type === "text" ? b.text : "")).join("");

describe.each(["default", "acceptEdits"] as const)("adversarial corpus in %s mode, no approver", (mode) => {
  it("creates, changes and reads nothing it must not", async () => {
    const run = await runCorpus(mode);
    expect(run.results.length).toBeGreaterThanOrEqual(60);
    expect(readdirSync(run.root).sort()).toEqual(run.before.root);
    expect(snapshot(run.sentinel)).toEqual(run.before.sentinel);
    expect(snapshot(run.home)).toEqual(run.before.home);
    expect(readFileSync(join(run.ws, ".env"), "utf8")).toBe(`TOKEN=${SECRET}\n`);
    expect(readdirSync(join(run.ws, ".git", "hooks"))).toEqual([]);
    expect(readdirSync(run.ws)).not.toContain(".bashrc");
    for (const { call, result } of run.results) {
      const out = text(result);
      expect(out, JSON.stringify(call.input)).not.toContain(SECRET);
      expect(out, JSON.stringify(call.input)).not.toContain(SENTINEL);
    }
    expect(text(run.ok)).toContain("hello");
  });
});

const bwrap = probeBubblewrap();
if (!bwrap.available) console.warn(`Skipping the sandboxed corpus: ${bwrap.reason}`);

describe.skipIf(!bwrap.available)("adversarial Bash corpus in the sandbox, bypassPermissions", () => {
  it("writes nothing outside the workspace and reads no denied file, although every call is allowed", async () => {
    const run = await runCorpus("bypassPermissions", true);
    expect(run.results.length).toBeGreaterThanOrEqual(45);
    expect(readdirSync(run.root).sort()).toEqual(run.before.root);
    expect(snapshot(run.sentinel)).toEqual(run.before.sentinel);
    expect(snapshot(run.home)).toEqual(run.before.home);
    expect(readdirSync(join(run.ws, ".git", "hooks"))).toEqual([]);
    for (const { call, result } of run.results) {
      expect(text(result), JSON.stringify(call.input)).not.toContain(SECRET);
    }
    expect(text(run.ok)).toContain("hello");
  });
});
