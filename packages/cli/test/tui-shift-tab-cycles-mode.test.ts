import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { TMUX, TuiSession } from "./tui-tmux-harness.js";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

describe.skipIf(!TMUX)("Shift+Tab", () => {
  it("cycles default → accept edits → plan → default; in accept edits a Write runs without asking", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "keel-tui-mode-"));
    const target = join(cwd, "made.txt");
    const server = await startFakeAnthropic({
      script: [
        { content: [{ type: "tool_use", name: "Write", input: { file_path: target, content: "x\n" } }] },
        { content: [{ type: "text", text: "wrote it" }] },
      ],
    });
    cleanup.push(() => server.close());
    const tui = TuiSession.start({ serverUrl: server.url, cwd });
    cleanup.push(() => tui.close());
    await tui.waitFor("default mode");
    tui.press("BTab");
    await tui.waitFor("accept edits");
    tui.type("make the file");
    tui.press("Enter");
    const screen = await tui.waitFor("wrote it");
    expect(screen).not.toContain("Allow Write?");
    expect(readFileSync(target, "utf8")).toBe("x\n");
    tui.press("BTab");
    await tui.waitFor("plan mode");
    tui.press("BTab");
    await tui.waitFor("default mode");
    expect(existsSync(join(cwd, ".keel"))).toBe(false);
  });
});
