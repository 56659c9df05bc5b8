import { execFileSync } from "node:child_process";
import { startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { keelEnv, runKeel, sessionFiles } from "./keel-harness.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

describe("keel -p and background tasks", () => {
  it("waits for a background command after the model is done and delivers its notice as a new turn", async () => {
    const marker = `bg-done-${process.pid}`;
    const server = await startFakeAnthropic({
      script: [
        {
          content: [
            {
              type: "tool_use",
              id: "toolu_bg",
              name: "Bash",
              input: { command: `sleep 1 && echo ${marker}`, run_in_background: true },
            },
          ],
        },
        { content: [{ type: "text", text: "Started it in the background." }] },
        { content: [{ type: "text", text: "The background command finished." }] },
      ],
    });
    closers.push(() => server.close());
    const ke = keelEnv(server.url);
    const run = await runKeel(
      [
        "-p",
        "run it in the background",
        "--output-format",
        "json",
        "--dangerously-skip-permissions",
        "--no-sandbox",
      ],
      ke,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = run.lines.at(-1)!;
    expect(result.result).toBe("The background command finished.");
    expect(result.num_turns).toBe(3);
    // The third request carries the task's notice, with its output.
    expect(server.requests).toHaveLength(3);
    const third = JSON.stringify(server.requests[2]?.body);
    expect(third).toContain("task-notification");
    expect(third).toContain(marker);
    expect(JSON.stringify(server.requests[1]?.body)).not.toContain("task-notification");
    // The session file holds the notice turn too.
    const records = sessionFiles(ke)[0]!.records;
    expect(JSON.stringify(records)).toContain(marker);
  });

  it("leaves no background process behind when the session ends", async () => {
    const marker = `bg-left-${process.pid}-${Date.now()}`;
    const server = await startFakeAnthropic({
      script: [
        {
          content: [
            {
              type: "tool_use",
              id: "toolu_bg",
              name: "Bash",
              input: { command: `sleep 300; echo ${marker}`, run_in_background: true },
            },
          ],
        },
        { content: [{ type: "text", text: "Started." }] },
      ],
    });
    closers.push(() => server.close());
    const ke = keelEnv(server.url, { KEEL_TASK_WAIT_MS: "0" });
    const run = await runKeel(["-p", "start it", "--dangerously-skip-permissions", "--no-sandbox"], ke);
    expect(run.code).toBe(0);
    const ps = execFileSync("ps", ["-eo", "stat=,args="], { encoding: "utf8" });
    const alive = ps.split("\n").filter((l) => l.includes(marker) && !l.trim().startsWith("Z"));
    expect(alive).toEqual([]);
  });
});
