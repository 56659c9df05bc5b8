import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { runKeel } from "./keel-harness.js";
import { TMUX, TuiSession } from "./tui-tmux-harness.js";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

describe.skipIf(!TMUX)("/resume in the TUI", () => {
  it("lists the earlier session of the project and continues it", async () => {
    const server = await startFakeAnthropic({
      script: (_req, i) => ({
        content: [{ type: "text", text: i === 0 ? "Noted: PELICAN." : "It was PELICAN." }],
      }),
    });
    cleanup.push(() => server.close());
    const cwd = mkdtempSync(join(tmpdir(), "keel-tui-resume-"));
    const home = mkdtempSync(join(tmpdir(), "keel-tui-resume-home-"));
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: home,
      KEEL_HOME: home,
      ANTHROPIC_API_KEY: "sk-test-key",
      ANTHROPIC_BASE_URL: server.url,
    };
    const earlier = await runKeel(["-p", "remember the word PELICAN"], { cwd, home, env });
    expect(earlier.code).toBe(0);

    const tui = TuiSession.start({ serverUrl: server.url, cwd, home });
    cleanup.push(() => tui.close());
    await tui.waitFor("/help");
    tui.type("/resume");
    tui.press("Enter");
    const picker = await tui.waitFor("Resume a session");
    expect(picker).toContain("remember the word PELICAN");
    expect(picker).toMatch(/\d+(\.\d)? KB|\d+ B/);
    tui.press("Enter");
    const resumed = await tui.waitFor("Resumed session");
    expect(resumed).toContain("> remember the word PELICAN");
    expect(resumed).toContain("Noted: PELICAN.");

    tui.type("which word?");
    tui.press("Enter");
    await tui.waitFor("It was PELICAN.");
    const body = server.requests[1]?.body as { messages: Array<{ role: string; content: unknown }> };
    expect(body.messages).toHaveLength(3);
    expect(JSON.stringify(body.messages[0]?.content)).toContain("remember the word PELICAN");

    // `keel --resume` without an id opens the same picker at start-up.
    tui.close();
    const again = TuiSession.start({ serverUrl: server.url, cwd, home, args: ["--resume"] });
    cleanup.push(() => again.close());
    const startPicker = await again.waitFor("Resume a session");
    expect(startPicker).toContain("remember the word PELICAN");
  });
});
