import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeTurn, startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { parseCliArgs } from "../src/args.js";
import { keelEnv, runKeel } from "./keel-harness.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

describe("permission flags", () => {
  it("parse rule lists split on commas and spaces outside parentheses, in both spellings", () => {
    const o = parseCliArgs([
      "-p",
      "hi",
      "--allowedTools",
      "Bash(git log:*) Read",
      "--allowed-tools",
      "Edit(./src/**),Glob",
      "--disallowed-tools",
      "WebFetch",
      "--disallowedTools",
      "Bash(rm *)",
      "--add-dir",
      "../a",
      "--add-dir",
      "/b",
      "--settings",
      '{"model":"x"}',
    ]);
    expect(o.allowedTools).toEqual(["Edit(./src/**)", "Glob", "Bash(git log:*)", "Read"]);
    expect(o.disallowedTools).toEqual(["WebFetch", "Bash(rm *)"]);
    expect(o.addDirs).toEqual(["../a", "/b"]);
    expect(o.settings).toBe('{"model":"x"}');
  });

  it("--disallowedTools Bash removes Bash from the init line's tools", async () => {
    const server = await startFakeAnthropic({ script: () => ({ content: [{ type: "text", text: "ok" }] }) });
    closers.push(() => server.close());
    const run = await runKeel(
      ["-p", "hi", "--output-format", "stream-json", "--disallowedTools", "Bash"],
      keelEnv(server.url),
    );
    expect(run.code).toBe(0);
    const init = run.lines.find((l) => l.type === "system" && l.subtype === "init");
    expect(init?.tools).toContain("Read");
    expect(init?.tools).not.toContain("Bash");
  });

  it("--allowedTools lets a Bash write run in default mode; without it the call is denied naming the flag", async () => {
    const toolTurn: FakeTurn = {
      content: [{ type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "touch made-by-bash" } }],
    };
    // Each run makes two requests: the tool call, then (after its result) the final answer.
    const server = await startFakeAnthropic({
      script: (_req, i) => (i % 2 === 0 ? toolTurn : { content: [{ type: "text", text: "done" }] }),
    });
    closers.push(() => server.close());
    const denied = keelEnv(server.url);
    const d = await runKeel(["-p", "go", "--output-format", "json"], denied);
    expect(existsSync(join(denied.cwd, "made-by-bash"))).toBe(false);
    expect(d.lines[0]?.permission_denials).toHaveLength(1);
    const allowed = keelEnv(server.url);
    const a = await runKeel(
      ["-p", "go", "--output-format", "json", "--allowedTools", "Bash(touch *)"],
      allowed,
    );
    expect(a.code).toBe(0);
    expect(existsSync(join(allowed.cwd, "made-by-bash"))).toBe(true);
  });

  it("settings files apply (defaultMode, deny rules) and invalid keys are warned about on stderr", async () => {
    const server = await startFakeAnthropic({ script: () => ({ content: [{ type: "text", text: "ok" }] }) });
    closers.push(() => server.close());
    const ke = keelEnv(server.url);
    mkdirSync(join(ke.cwd, ".keel"));
    writeFileSync(
      join(ke.cwd, ".keel", "settings.json"),
      JSON.stringify({ permissions: { defaultMode: "acceptEdits", deny: ["Grep", "Bash(npm test"] } }),
    );
    // A widening defaultMode from shared project settings needs the project to be trusted.
    writeFileSync(join(ke.home, "settings.json"), JSON.stringify({ trustedProjects: [ke.cwd] }));
    const extra = mkdtempSync(join(tmpdir(), "keel-cli-extra-"));
    const run = await runKeel(
      ["-p", "hi", "--output-format", "stream-json", "--settings", '{"model": 5}', "--add-dir", extra],
      ke,
    );
    expect(run.code).toBe(0);
    const init = run.lines.find((l) => l.type === "system" && l.subtype === "init");
    expect(init?.permissionMode).toBe("acceptEdits");
    expect(init?.tools).not.toContain("Grep");
    expect(run.stderr).toContain(
      `${join(ke.cwd, ".keel", "settings.json")}: permissions.deny[1]: Invalid permission rule`,
    );
    expect(run.stderr).toContain("--settings: model:");
  });
});
