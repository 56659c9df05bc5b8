import { startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { collect, keelEnv, sessionFiles, startKeel } from "./keel-harness.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

describe.each([
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)("%s during a tool call", (signal, exitCode) => {
  it(`stops the tool, answers the call as interrupted and exits ${exitCode}`, async () => {
    const server = await startFakeAnthropic({
      script: [
        {
          content: [
            { type: "text", text: "Waiting." },
            { type: "tool_use", id: "toolu_wait", name: "Bash", input: { command: "sleep 20" } },
          ],
        },
      ],
    });
    closers.push(() => server.close());
    const ke = keelEnv(server.url);
    const child = startKeel(
      ["-p", "wait", "--output-format", "stream-json", "--permission-mode", "bypassPermissions"],
      ke,
    );
    const done = collect(child);
    let out = "";
    let sent = false;
    child.stdout?.on("data", (d) => {
      out += d;
      // One signal only: a second one exits at once by design (a stuck run can always be killed).
      if (!sent && out.includes('"type":"assistant"')) {
        sent = true;
        child.kill(signal);
      }
    });
    const run = await done;
    expect(run.code).toBe(exitCode);
    const result = run.lines.at(-1)!;
    expect(result).toMatchObject({ type: "result", is_error: true, subtype: "error_during_execution" });
    // The tool_use is answered in the session, so the session can be continued.
    const messages = sessionFiles(ke)[0]!.records.filter((r) => r.type === "message");
    const last = messages.at(-1)!.message as { role: string; content: Array<Record<string, unknown>> };
    expect(last.role).toBe("user");
    expect(last.content[0]).toMatchObject({ type: "tool_result", toolUseId: "toolu_wait", isError: true });
  });
});
