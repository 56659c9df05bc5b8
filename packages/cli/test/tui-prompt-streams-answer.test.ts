import { type FakeAnthropicServer, startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { keelEnv, runKeel } from "./keel-harness.js";
import { TMUX, TuiSession } from "./tui-tmux-harness.js";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

async function fake(
  script: Parameters<typeof startFakeAnthropic>[0]["script"],
): Promise<FakeAnthropicServer> {
  const server = await startFakeAnthropic({ script, chunkBytes: 9 });
  cleanup.push(() => server.close());
  return server;
}

function lastUserText(body: unknown): string {
  const messages = (body as { messages: Array<{ role: string; content: unknown }> }).messages;
  const last = messages[messages.length - 1];
  return JSON.stringify(last?.content);
}

describe("keel without -p", () => {
  it("says to use -p when stdout is not a terminal", async () => {
    const server = await fake([]);
    const run = await runKeel([], keelEnv(server.url));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('keel -p "<prompt>"');
    expect(server.requests).toHaveLength(0);
  });
});

describe.skipIf(!TMUX)("interactive TUI in tmux", () => {
  it("streams the answer to a typed prompt, shows /cost as a number, and exits on Ctrl-C twice", async () => {
    const server = await fake([
      {
        content: [
          { type: "text", text: "Streaming answer: the **marker-7141** is here.\n\nSecond paragraph." },
        ],
        usage: { input_tokens: 1200, output_tokens: 30 },
      },
    ]);
    const tui = TuiSession.start({ serverUrl: server.url });
    cleanup.push(() => tui.close());
    await tui.waitFor("/help");
    tui.type("tell me the marker");
    tui.press("Enter");
    const screen = await tui.waitFor("Second paragraph.");
    expect(screen).toContain("> tell me the marker");
    expect(screen).toContain("marker-7141");
    expect(server.requests).toHaveLength(1);
    expect(lastUserText(server.requests[0]?.body)).toContain("tell me the marker");

    tui.type("/cost");
    tui.press("Enter");
    const cost = await tui.waitFor(/Total cost:\s+\$\d+\.\d+/);
    // 1,200 input and 30 output tokens of the default model cost more than nothing.
    expect(cost).not.toMatch(/Total cost:\s+\$0\.00\b/);

    tui.press("C-c");
    await tui.waitFor("Ctrl-C again to exit");
    tui.press("C-c");
    expect(await tui.waitForExit()).toBe(0);
    expect(tui.screen()).toMatch(/keel --resume [0-9a-f-]{36}/);
  });
});
