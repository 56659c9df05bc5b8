import { existsSync, readFileSync } from "node:fs";
import { startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { collect, keelEnv, runKeel, sessionFiles, startKeel } from "./keel-harness.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("kill -9 during a turn, then keel -p --continue", () => {
  it("loads the session without error, loses nothing emitted, and sends a valid request", async () => {
    const server = await startFakeAnthropic({
      script: [
        {
          content: [
            { type: "text", text: "Starting a long command." },
            {
              type: "tool_use",
              id: "toolu_long",
              name: "Bash",
              input: { command: "sleep 8", description: "wait" },
            },
          ],
        },
        { content: [{ type: "text", text: "Picked up where we left off." }] },
      ],
    });
    closers.push(() => server.close());
    const ke = keelEnv(server.url);

    const child = startKeel(
      [
        "-p",
        "run the long thing",
        "--output-format",
        "stream-json",
        "--permission-mode",
        "bypassPermissions",
      ],
      ke,
    );
    const first = collect(child);
    let emitted = "";
    child.stdout?.on("data", (d) => {
      emitted += d;
    });
    // Wait until the assistant message with the tool call was emitted (so the tool is running).
    await waitFor(() => emitted.includes('"type":"assistant"'), "the assistant message");
    child.kill("SIGKILL");
    const killed = await first;
    expect(killed.signal).toBe("SIGKILL");

    // Everything that had been emitted is in the session file.
    const before = sessionFiles(ke)[0]!;
    const emittedUuids = killed.lines
      .filter((l) => l.type === "assistant" || l.type === "user")
      .map((l) => l.uuid);
    const storedUuids = before.records.filter((r) => r.type === "message").map((r) => r.uuid);
    expect(emittedUuids.length).toBeGreaterThan(0);
    for (const uuid of emittedUuids) expect(storedUuids).toContain(uuid);

    const resumed = await runKeel(
      ["-p", "--continue", "did it finish?", "--output-format", "stream-json"],
      ke,
    );
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(resumed.lines.at(-1)).toMatchObject({
      subtype: "success",
      result: "Picked up where we left off.",
    });
    // Same session continued, not a new one.
    expect(sessionFiles(ke)).toHaveLength(1);
    expect(resumed.lines[0]).toMatchObject({ session_id: before.records[0]!.sessionId });

    // The fake server rejects (400) any tool_use without a tool_result: the request was valid.
    const last = server.requests.at(-1)!;
    expect(last.status).toBe(200);
    const messages = (
      last.body as { messages: Array<{ role: string; content: Array<Record<string, unknown>> }> }
    ).messages;
    const answer = messages.find((m) => m.content.some((b) => b.tool_use_id === "toolu_long"))!;
    expect(answer.content[0]).toMatchObject({
      type: "tool_result",
      tool_use_id: "toolu_long",
      is_error: true,
    });
    expect(messages.at(-1)!.content.at(-1)).toMatchObject({ type: "text", text: "did it finish?" });
    expect(existsSync(before.path)).toBe(true);
    expect(readFileSync(before.path, "utf8").endsWith("\n")).toBe(true);
  });
});
