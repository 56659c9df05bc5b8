import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startFakeAnthropic } from "@keel/fake-anthropic";
import { probeBubblewrap } from "@keel/tools-builtin";
import { afterEach, describe, expect, it } from "vitest";
import { keelEnv, runKeel } from "./keel-harness.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

const bwrap = probeBubblewrap();
if (!bwrap.available) console.warn(`Skipping sandbox CLI tests: ${bwrap.reason}`);

async function runWith(extraArgs: string[]) {
  const server = await startFakeAnthropic({
    script: [
      // `sh -c` is "full" to the analysis: unsandboxed it would need approval.
      {
        content: [
          {
            type: "tool_use",
            id: "toolu_sh",
            name: "Bash",
            input: { command: "sh -c 'echo built > out.txt'" },
          },
        ],
      },
      { content: [{ type: "text", text: "done" }] },
    ],
  });
  closers.push(() => server.close());
  const ke = keelEnv(server.url);
  const run = await runKeel(
    ["-p", "build", "--output-format", "stream-json", "--permission-mode", "acceptEdits", ...extraArgs],
    ke,
  );
  const result = run.lines.find((l) => l.type === "user") as
    | { message: { content: Array<Record<string, unknown>> } }
    | undefined;
  return { ke, run, toolResult: result?.message.content[0] };
}

describe.skipIf(!bwrap.available)("Bash in the bubblewrap sandbox", () => {
  it("runs a command the analysis calls full without asking in acceptEdits", async () => {
    const { ke, run, toolResult } = await runWith([]);
    expect(run.code).toBe(0);
    expect(toolResult).toMatchObject({ tool_use_id: "toolu_sh", is_error: false });
    expect(readFileSync(join(ke.cwd, "out.txt"), "utf8")).toBe("built\n");
    expect(run.lines.at(-1)).toMatchObject({ permission_denials: [] });
  });

  it("asks (and so denies in print mode) for the same command with --no-sandbox", async () => {
    const { ke, toolResult, run } = await runWith(["--no-sandbox"]);
    expect(toolResult).toMatchObject({ tool_use_id: "toolu_sh", is_error: true });
    expect(existsSync(join(ke.cwd, "out.txt"))).toBe(false);
    expect((run.lines.at(-1) as { permission_denials: unknown[] }).permission_denials).toHaveLength(1);
  });
});
