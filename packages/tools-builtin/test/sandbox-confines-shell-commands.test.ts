import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OutputCollector } from "../src/bash/output-collector.js";
import { runShellCommand } from "../src/bash/run-shell-command.js";
import { createBashTool } from "../src/index.js";
import {
  absentProtectedPathsIn,
  BubblewrapSandbox,
  probeBubblewrap,
  protectedPathsIn,
} from "../src/sandbox/bubblewrap-sandbox.js";
import type { SandboxPolicy } from "../src/sandbox/sandbox.js";
import { toolContext } from "./context.js";

const probe = probeBubblewrap();
if (!probe.available) console.warn(`Skipping sandbox tests: ${probe.reason}`);

const outside = realpathSync(mkdtempSync(join(tmpdir(), "keel-outside-")));
// Not under the temp dir (writable in the sandbox): /var/tmp, or the home directory.
const home = realpathSync(
  mkdtempSync(join(existsSync("/var/tmp") ? "/var/tmp" : homedir(), "keel-sandbox-")),
);
afterAll(async () => {
  const { rmSync } = await import("node:fs");
  rmSync(home, { recursive: true, force: true });
});

async function run(
  command: string,
  workspace: string,
  extra: Partial<SandboxPolicy> = {},
  timeoutMs = 20_000,
) {
  const policy: SandboxPolicy = {
    writableRoots: [workspace],
    readOnlyPaths: protectedPathsIn([workspace]),
    hiddenPaths: [],
    absentProtectedPaths: absentProtectedPathsIn([workspace]),
    allowNetwork: false,
    ...extra,
  };
  const sandbox = new BubblewrapSandbox();
  const output = new OutputCollector(100_000, join(tmpdir(), `keel-sandbox-test-${Math.random()}.log`));
  const result = await runShellCommand({
    shell: "/bin/bash",
    command,
    cwd: workspace,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    timeoutMs,
    killGraceMs: 500,
    signal: new AbortController().signal,
    output,
    pwdFile: join(tmpdir(), `keel-pwd-${Math.random()}`),
    wrap: (argv) => sandbox.wrap(argv, policy),
  });
  return { result, text: (await output.finish()).text };
}

function workspace(): string {
  const dir = realpathSync(mkdtempSync(join(home, "ws-")));
  mkdirSync(join(dir, ".git", "hooks"), { recursive: true });
  writeFileSync(join(dir, ".git", "config"), "[core]\n");
  mkdirSync(join(dir, ".keel"));
  writeFileSync(join(dir, "secret.env"), "TOKEN=1\n");
  return dir;
}

describe.skipIf(!probe.available)("bubblewrap sandbox", () => {
  it("lets a command write inside the workspace and a private temp dir, and nowhere else", async () => {
    const ws = workspace();
    const target = join(home, "escaped.txt");
    const { result, text } = await run(
      `echo in > inside.txt; echo tmp > ${join(outside, "tmp-ok.txt")} && cat ${join(outside, "tmp-ok.txt")}; echo out > ${target}; echo done`,
      ws,
    );
    expect(result.exitCode).toBe(0);
    expect(text).toContain("tmp"); // the temp dir is writable inside …
    expect(existsSync(join(outside, "tmp-ok.txt"))).toBe(false); // … but private to the sandbox
    expect(readFileSync(join(ws, "inside.txt"), "utf8")).toBe("in\n");
    expect(existsSync(target)).toBe(false);
  });

  it("keeps .git/config read-only even if .git is renamed", async () => {
    const ws = workspace();
    const { text } = await run(
      "mv .git .git-old; mkdir -p .git; echo '[core] hooksPath=/x' > .git/config; echo end",
      ws,
    );
    expect(text).toMatch(/Device or resource busy|Read-only/);
    expect(readFileSync(join(ws, ".git", "config"), "utf8")).toBe("[core]\n");
    expect(existsSync(join(ws, ".git-old"))).toBe(false);
  });

  it("cannot connect to host Unix sockets without network, but can with it", async () => {
    const sock = join(home, `host-${process.pid}.sock`);
    const server = createServer((socket) => socket.end("HOST\n"));
    await new Promise<void>((r) => server.listen(sock, () => r()));
    try {
      const ws = workspace();
      const probe = `node -e "require('net').connect('${sock}').on('data',d=>process.stdout.write('got '+d)).on('error',e=>console.log('refused '+e.code))"`;
      const denied = await run(probe, ws);
      expect(denied.text).toMatch(/refused EACCES/);
      const allowed = await run(probe, ws, { allowNetwork: true });
      expect(allowed.text).toContain("got HOST");
      // Child processes that talk over socketpairs still work without network.
      expect(
        (await run(`node -e "require('child_process').execFileSync('echo',['ok'],{stdio:'inherit'})"`, ws))
          .text,
      ).toContain("ok");
    } finally {
      server.close();
    }
  });

  it("keeps protected paths inside the workspace read-only", async () => {
    const ws = workspace();
    const { text } = await run(
      "echo 'rm -rf /' > .git/hooks/pre-commit; echo '[alias]' >> .git/config; echo '{}' > .keel/settings.json; echo end",
      ws,
    );
    expect(text).toMatch(/Read-only file system/);
    expect(existsSync(join(ws, ".git", "hooks", "pre-commit"))).toBe(false);
    expect(readFileSync(join(ws, ".git", "config"), "utf8")).toBe("[core]\n");
    expect(existsSync(join(ws, ".keel", "settings.json"))).toBe(false);
  });

  it("hides paths covered by Read deny rules", async () => {
    const ws = workspace();
    const { text } = await run("cat secret.env; echo status=$?", ws, {
      hiddenPaths: [join(ws, "secret.env")],
    });
    expect(text).not.toContain("TOKEN=1");
    expect(text).toMatch(/status=[01]/);
  });

  it("has no network unless allowed", async () => {
    const server = createServer((socket) => socket.end("hello\n"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const ws = workspace();
      const probeCmd = `exec 3<>/dev/tcp/127.0.0.1/${port} && head -1 <&3 || echo unreachable`;
      expect((await run(probeCmd, ws)).text).toContain("unreachable");
      expect((await run(probeCmd, ws, { allowNetwork: true })).text).toContain("hello");
    } finally {
      server.close();
    }
  });

  it("kills everything the command started when it times out", async () => {
    const ws = workspace();
    const marker = join(ws, "late.txt");
    const { result } = await run(`(sleep 2; echo late > ${marker}) & sleep 30`, ws, {}, 300);
    expect(result.timedOut).toBe(true);
    await new Promise((r) => setTimeout(r, 2500));
    expect(existsSync(marker)).toBe(false);
  });
});

describe.skipIf(!probe.available)("Bash in the sandbox and protected paths that do not exist yet", () => {
  it("removes agent/editor configuration a command created, keeps the rest, and says so", async () => {
    const ws = realpathSync(mkdtempSync(join(home, "ws-fresh-")));
    const sandbox = new BubblewrapSandbox();
    const bash = createBashTool({
      env: { PATH: process.env.PATH },
      sandbox: {
        sandbox,
        policy: () => ({
          writableRoots: [ws],
          readOnlyPaths: protectedPathsIn([ws]),
          hiddenPaths: [],
          absentProtectedPaths: absentProtectedPathsIn([ws]),
          allowNetwork: false,
        }),
      },
    });
    const out = await bash.call(
      {
        command:
          "mkdir -p .keel && echo '{\"sandbox\":{\"enabled\":false}}' > .keel/settings.local.json; echo '{}' > .mcp.json; echo ok > fine.txt",
      },
      toolContext(ws),
    );
    expect(existsSync(join(ws, ".keel"))).toBe(false);
    expect(existsSync(join(ws, ".mcp.json"))).toBe(false);
    for (const name of [".yarnrc.yml", ".cargo", ".pre-commit-config.yaml"])
      expect(existsSync(join(ws, name))).toBe(false);
    expect(readFileSync(join(ws, "fine.txt"), "utf8")).toBe("ok\n");
    expect(String(out.content)).toMatch(/Removed .*\.keel.*\.mcp\.json/);
  });
});

describe.skipIf(!probe.available)("Bash in the sandbox: git config and the working directory", () => {
  function sandboxedBash(ws: string) {
    return createBashTool({
      env: { PATH: process.env.PATH },
      sandbox: {
        sandbox: new BubblewrapSandbox(),
        policy: () => ({
          writableRoots: [ws],
          readOnlyPaths: protectedPathsIn([ws]),
          hiddenPaths: [],
          absentProtectedPaths: absentProtectedPathsIn([ws]),
          allowNetwork: false,
        }),
      },
    });
  }

  it("cannot point git at another config through commondir or config.worktree", async () => {
    const ws = workspace();
    mkdirSync(join(ws, ".git", "info"));
    const bash = sandboxedBash(ws);
    const out = await bash.call(
      {
        command:
          "echo /tmp/evil > .git/commondir; echo '[core]' > .git/config.worktree; echo x > .git/info/exclude; echo done",
      },
      toolContext(ws),
    );
    expect(existsSync(join(ws, ".git", "commondir"))).toBe(false);
    expect(existsSync(join(ws, ".git", "config.worktree"))).toBe(false);
    expect(existsSync(join(ws, ".git", "info", "exclude"))).toBe(false);
    expect(String(out.content)).toContain("done");
  });

  it("keeps the working directory between sandboxed calls", async () => {
    const ws = workspace();
    mkdirSync(join(ws, "sub"));
    const bash = sandboxedBash(ws);
    await bash.call({ command: "cd sub" }, toolContext(ws));
    expect(String((await bash.call({ command: "pwd" }, toolContext(ws))).content)).toBe(join(ws, "sub"));
  });

  it("needs the full level to leave the sandbox", async () => {
    const ws = workspace();
    const bash = sandboxedBash(ws);
    const level = async (input: Record<string, unknown>) => {
      const answer = await bash.requiredLevel?.(input, { cwd: ws, workspaceRoots: [ws] });
      return typeof answer === "string" ? answer : answer?.level;
    };
    expect(await level({ command: "git status" })).toBe("read");
    expect(await level({ command: "git status", dangerouslyDisableSandbox: true })).toBe("full");
  });
});
