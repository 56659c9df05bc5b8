import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { TMUX, TuiSession } from "./tui-tmux-harness.js";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

describe.skipIf(!TMUX)("custom slash commands", () => {
  it("/name args sends the command's prompt with $ARGUMENTS filled in", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "keel-tui-cmd-"));
    mkdirSync(join(cwd, ".keel", "commands"), { recursive: true });
    writeFileSync(
      join(cwd, ".keel", "commands", "review.md"),
      "---\ndescription: Review a file carefully\n---\nReview $ARGUMENTS for bugs and list them.\n",
    );
    const server = await startFakeAnthropic({
      script: [{ content: [{ type: "text", text: "No bugs found." }] }],
    });
    cleanup.push(() => server.close());
    const tui = TuiSession.start({ serverUrl: server.url, cwd });
    cleanup.push(() => tui.close());
    await tui.waitFor("/help");
    tui.type("/help");
    tui.press("Enter");
    await tui.waitFor("Review a file carefully");
    tui.type("/review src/parser.ts");
    tui.press("Enter");
    await tui.waitFor("No bugs found.");
    const body = server.requests[0]?.body as { messages: Array<{ content: unknown }> };
    expect(JSON.stringify(body.messages[0]?.content)).toContain(
      "Review src/parser.ts for bugs and list them.",
    );
  });
});
