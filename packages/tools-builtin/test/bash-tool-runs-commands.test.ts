import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createModePolicy } from "@keel/permissions";
import { ToolRegistry, ToolRunner } from "@keel/tools";
import { afterAll, describe, expect, it } from "vitest";
import { createBashTool, createBuiltinTools } from "../src/index.js";
import { removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

const env = { PATH: process.env.PATH };

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // A zombie waiting for a reaper still answers kill -0, but it is no longer running.
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2] === "Z";
  } catch {
    return true;
  }
}

async function waitFor(path: string): Promise<void> {
  while (!existsSync(path)) await new Promise((r) => setTimeout(r, 10));
}

afterAll(removeWorkspaces);

describe("Bash", () => {
  const ws = tempWorkspace();
  const ctx = toolContext(ws);

  it("returns stdout and stderr interleaved, and a non-zero exit code as a normal result", async () => {
    const bash = createBashTool({ env });
    expect(await bash.call({ command: "echo hello" }, ctx)).toEqual({ content: "hello", isError: false });
    const out = await bash.call({ command: "echo a; echo b >&2; echo c; exit 3" }, ctx);
    expect(out).toEqual({ content: "a\nb\nc\nExit code: 3", isError: false });
    expect(await bash.call({ command: "true" }, ctx)).toEqual({ content: "(no output)", isError: false });
  });

  it("passes the command as data (quotes, $1, comments)", async () => {
    const bash = createBashTool({ env });
    const out = await bash.call({ command: `printf '%s|' "it's" "$1" # trailing comment` }, ctx);
    expect(out.content).toBe("it's||");
  });

  it("kills the whole process group on timeout", async () => {
    const bash = createBashTool({ env, killGraceMs: 200 });
    const pidFile = join(ws, "bg.pid");
    const out = await bash.call(
      { command: `sleep 60 & echo $! > ${pidFile}; echo started; sleep 60`, timeout: 300 },
      ctx,
    );
    expect(out.isError).toBe(true);
    expect(text(out.content)).toBe("started\nCommand timed out after 300 ms and was killed.");
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(isGone(pid)).toBe(true);
  });

  it("clamps the timeout to the maximum", async () => {
    const bash = createBashTool({ env, maxTimeoutMs: 200, killGraceMs: 100 });
    const out = await bash.call({ command: "sleep 60", timeout: 9_999_999 }, ctx);
    expect(out).toEqual({
      content: "(no output)\nCommand timed out after 200 ms and was killed.",
      isError: true,
    });
  });

  it("stops on abort", async () => {
    const bash = createBashTool({ env, killGraceMs: 200 });
    const controller = new AbortController();
    const marker = join(ws, "abort.marker");
    const pending = bash.call(
      { command: `echo before; touch ${marker}; sleep 60` },
      toolContext(ws, controller.signal),
    );
    await waitFor(marker);
    controller.abort();
    expect(await pending).toEqual({ content: "before\nCommand was interrupted.", isError: true });
  });

  it("does not wait for background jobs that keep the pipe open", async () => {
    const bash = createBashTool({ env });
    const pidFile = join(ws, "bg2.pid");
    const out = await bash.call({ command: `sleep 60 & echo $! > ${pidFile}; echo done` }, ctx);
    expect(out.content).toBe("done");
    process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
  });

  it("keeps head and tail of long output and saves the full output to a file", async () => {
    const outputDir = tempWorkspace("keel-bash-out-");
    const bash = createBashTool({ env, maxOutputChars: 1000, outputDir });
    const out = text((await bash.call({ command: "seq 1 20000" }, ctx)).content);
    const full = Array.from({ length: 20000 }, (_, i) => `${i + 1}\n`).join("");
    expect(out.startsWith("1\n2\n3\n")).toBe(true);
    expect(out.endsWith("19999\n20000")).toBe(true);
    const saved = /saved to (\S+keel-bash-[\w-]+\.log)/.exec(out)?.[1];
    expect(saved).toBeDefined();
    expect(saved?.startsWith(outputDir)).toBe(true);
    expect(readFileSync(saved as string, "utf8")).toBe(full);
    expect(out).toContain(
      `[… ${full.length - 1000} characters omitted; full output (${full.length} characters)`,
    );
    expect(out.length).toBeLessThan(1300);
  });

  it("keeps the working directory between calls, but only inside the workspace", async () => {
    mkdirSync(join(ws, "sub"), { recursive: true });
    const bash = createBashTool({ env });
    expect((await bash.call({ command: "cd sub" }, ctx)).content).toBe("(no output)");
    expect((await bash.call({ command: "pwd" }, ctx)).content).toBe(join(ws, "sub"));
    const left = await bash.call({ command: "cd / && pwd" }, ctx);
    expect(left.content).toBe(`/\nShell cwd was reset to ${ws} (commands must stay inside the project).`);
    expect((await bash.call({ command: "pwd" }, ctx)).content).toBe(ws);
  });

  it("removes provider secrets from the child environment", async () => {
    const bash = createBashTool({
      env: {
        PATH: process.env.PATH,
        KEEP_ME: "visible",
        ANTHROPIC_API_KEY: "sk-ant-1",
        ANTHROPIC_AUTH_TOKEN: "tok-2",
        OPENAI_API_KEY: "sk-3",
        GITHUB_TOKEN: "ghp-4",
        MY_SECRET_VALUE: "s-5",
        SOME_API_KEY: "k-6",
        UNSET: undefined,
      },
    });
    const out = text((await bash.call({ command: "env" }, ctx)).content);
    expect(out).toContain("KEEP_ME=visible");
    for (const secret of ["sk-ant-1", "tok-2", "sk-3", "ghp-4", "s-5", "k-6"])
      expect(out).not.toContain(secret);
    expect(out).not.toContain("UNSET");
  });

  it("reports a shell that cannot start", async () => {
    const bash = createBashTool({ env, shell: join(ws, "no-such-shell") });
    const out = await bash.call({ command: "echo hi" }, ctx);
    expect(out.isError).toBe(true);
    expect(text(out.content)).toMatch(/^Failed to start .*no-such-shell: .*ENOENT/);
  });

  it("classifies commands with the bash parser: reads, cd not concurrent, file commands write, the rest full", async () => {
    const bash = createBashTool({ env });
    const ctx = { cwd: ws, workspaceRoots: [ws] };
    const readOnly = bash.readOnly as (input: Record<string, unknown>, c: typeof ctx) => Promise<boolean>;
    const level = async (command: string) => {
      const answer = await bash.requiredLevel?.({ command }, ctx);
      return typeof answer === "string" ? answer : answer?.level;
    };
    expect(await readOnly({ command: "git status" }, ctx)).toBe(true);
    expect(await level("git status")).toBe("read");
    expect(await readOnly({ command: "cd sub" }, ctx)).toBe(false);
    expect(await level("cd sub")).toBe("read");
    expect(await readOnly({ command: "rm -rf x" }, ctx)).toBe(false);
    expect(await level("rm -rf x")).toBe("write");
    expect(await level("rm -rf /tmp/x")).toBe("full");
    expect(await level("npm test")).toBe("full");
  });

  it("caps the level at write when sandboxed, unless the call opts out", async () => {
    const sandbox = {
      sandbox: { kind: "test", wrap: (argv: readonly string[]) => ({ argv: [...argv], extraFds: [] }) },
      policy: () => ({
        writableRoots: [ws],
        readOnlyPaths: [],
        hiddenPaths: [],
        absentProtectedPaths: [],
        allowNetwork: false,
      }),
    };
    const bash = createBashTool({ env, sandbox });
    const ctx = { cwd: ws, workspaceRoots: [ws] };
    const level = async (input: Record<string, unknown>) => {
      const answer = await bash.requiredLevel?.(input, ctx);
      return typeof answer === "string" ? answer : answer?.level;
    };
    expect(await level({ command: "npm test" })).toBe("write");
    expect(await level({ command: "npm test", dangerouslyDisableSandbox: true })).toBe("full");
    // A command name computed at run time stays full even in the sandbox.
    expect(await level({ command: "$(echo rm) -f x" })).toBe("full");
  });
});

describe("createBuiltinTools through the runner", () => {
  it("writes in acceptEdits, reads back, and denies Bash rm without an approver", async () => {
    const ws = tempWorkspace();
    const runner = new ToolRunner({
      registry: new ToolRegistry(createBuiltinTools({ env })),
      policy: createModePolicy({ mode: "acceptEdits", workspace: ws }),
    });
    const path = join(ws, "notes.md");
    writeFileSync(join(ws, "victim"), "x");
    const results = await runner.run(
      [
        { type: "tool_use", id: "1", name: "Write", input: { file_path: path, content: "# hi\n" } },
        { type: "tool_use", id: "2", name: "Read", input: { file_path: path } },
        // `rm victim` alone is a workspace write (allowed in acceptEdits); with curl it is full.
        {
          type: "tool_use",
          id: "3",
          name: "Bash",
          input: { command: "rm victim && curl https://example.invalid" },
        },
        { type: "tool_use", id: "4", name: "Bash", input: { command: "ls", run_in_background: true } },
      ],
      { cwd: ws, signal: new AbortController().signal, emit: () => {} },
    );
    expect(results.map((r) => [r.toolUseId, r.isError])).toEqual([
      ["1", false],
      ["2", false],
      ["3", true],
      ["4", true],
    ]);
    expect(results[1]?.content).toBe("     1\t# hi");
    expect(results[2]?.content).toContain("--permission-mode bypassPermissions");
    expect(existsSync(join(ws, "victim"))).toBe(true);
    // No task manager was given: background commands are refused with a clear message.
    expect(results[3]?.content).toContain("Background commands are not available in this session");
  });
});
