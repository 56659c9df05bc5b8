import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeTurn, startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { sessionRecords, TMUX, TuiSession } from "./tui-tmux-harness.js";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

type Block = { type: string; id?: string; toolUseId?: string };
type Record = { type: string; message?: { role: string; content: Block[] } };

describe.skipIf(!TMUX)("Esc in the TUI", () => {
  it("stops a stream that stalls mid-answer; the session file stays valid and the next prompt works", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "keel-tui-esc-"));
    writeFileSync(join(cwd, "data.txt"), "some data\n");
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const turns: FakeTurn[] = [
      { content: [{ type: "tool_use", name: "Read", input: { file_path: join(cwd, "data.txt") } }] },
      {
        // The first third of the answer arrives, then the stream goes silent until Esc.
        faults: [{ kind: "stall", afterEvents: 3 }],
        content: [{ type: "text", text: `BEGIN-ANSWER ${words} END-ANSWER` }],
      },
    ];
    const server = await startFakeAnthropic({ script: turns });
    cleanup.push(() => server.close());
    const tui = TuiSession.start({ serverUrl: server.url, cwd });
    cleanup.push(() => tui.close());
    await tui.waitFor("/help");
    tui.type("read data.txt and explain");
    tui.press("Enter");
    await tui.waitFor("BEGIN-ANSWER");
    await tui.waitFor("esc to interrupt");
    tui.press("Escape");
    const after = await tui.waitFor("Interrupted");
    expect(after).not.toContain("END-ANSWER");
    expect(after).not.toContain("esc to interrupt");

    // Every line parses, and every tool_use has its tool_result in a later message.
    const [session] = sessionRecords(tui.home);
    const records = (session?.lines ?? []).map((l) => JSON.parse(l) as Record);
    const messages = records
      .filter((r) => r.type === "message")
      .map((r) => r.message as { role: string; content: Block[] });
    const uses = messages.flatMap((m) => m.content.filter((b) => b.type === "tool_use").map((b) => b.id));
    const answered = messages.flatMap((m) =>
      m.content.filter((b) => b.type === "tool_result").map((b) => b.toolUseId),
    );
    expect(uses.length).toBeGreaterThan(0);
    expect(answered).toEqual(expect.arrayContaining(uses));

    // The fake answers 400 to a history with an unanswered tool_use: the next turn must succeed.
    tui.type("go on");
    tui.press("Enter");
    await tui.waitFor("END-ANSWER");
    const last = server.requests[server.requests.length - 1];
    expect(last?.status).toBe(200);
  });
});
