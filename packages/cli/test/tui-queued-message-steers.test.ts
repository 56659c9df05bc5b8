import { type FakeTurn, startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { TMUX, TuiSession } from "./tui-tmux-harness.js";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

describe.skipIf(!TMUX)("typing while Keel works", () => {
  it("queues the message and delivers it to the model after the running tool batch", async () => {
    const turns: FakeTurn[] = [
      { content: [{ type: "tool_use", name: "Bash", input: { command: "sleep 2" } }] },
      { content: [{ type: "text", text: "Noted your follow-up." }] },
    ];
    const server = await startFakeAnthropic({ script: turns });
    cleanup.push(() => server.close());
    const tui = TuiSession.start({ serverUrl: server.url, args: ["--allowed-tools", "Bash(sleep 2)"] });
    cleanup.push(() => tui.close());
    await tui.waitFor("/help");
    tui.type("wait a bit");
    tui.press("Enter");
    await tui.waitFor("Bash(sleep 2)");
    tui.type("also run the linter");
    tui.press("Enter");
    await tui.waitFor("queued: also run the linter");
    const done = await tui.waitFor("Noted your follow-up.");
    expect(done).not.toContain("queued:");
    expect(done.indexOf("Bash(sleep 2)")).toBeLessThan(done.indexOf("> also run the linter"));
    expect(server.requests).toHaveLength(2);
    const messages = (i: number) =>
      JSON.stringify((server.requests[i]?.body as { messages?: unknown[] })?.messages);
    const second = messages(1);
    expect(second).toContain("also run the linter");
    expect(messages(0)).not.toContain("linter");
  });
});
