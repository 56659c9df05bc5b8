import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeAnthropicServer, type FakeTurn, startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { TMUX, TuiSession } from "./tui-tmux-harness.js";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

/** A workspace and a server whose model writes `notes.txt` there (`writes` times), then says "all done". */
async function writeScenario(
  writes = 1,
): Promise<{ server: FakeAnthropicServer; cwd: string; target: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "keel-tui-write-"));
  const target = join(cwd, "notes.txt");
  const write = (i: number): FakeTurn => ({
    content: [
      {
        type: "tool_use",
        name: "Write",
        input: { file_path: target, content: `line one\nline two\n${"again\n".repeat(i)}` },
      },
    ],
  });
  const turns: FakeTurn[] = [
    ...Array.from({ length: writes }, (_, i) => write(i)),
    { content: [{ type: "text", text: "all done" }] },
  ];
  const server = await startFakeAnthropic({ script: turns });
  cleanup.push(() => server.close());
  return { server, cwd, target };
}

type WireBlock = { type: string; tool_use_id?: string; is_error?: boolean; content?: unknown };

function toolResults(body: unknown): WireBlock[] {
  const messages = (body as { messages: Array<{ role: string; content: WireBlock[] | string }> }).messages;
  return messages.flatMap((m) =>
    typeof m.content === "string" ? [] : m.content.filter((b) => b.type === "tool_result"),
  );
}

async function openDialog(tui: TuiSession): Promise<string> {
  await tui.waitFor("/help");
  tui.type("write the notes");
  tui.press("Enter");
  return tui.waitFor("Allow Write?");
}

describe.skipIf(!TMUX)("the permission dialog for a Write in default mode", () => {
  it("shows the diff; yes writes the file", async () => {
    const { server, cwd, target } = await writeScenario();
    const tui = TuiSession.start({ serverUrl: server.url, cwd });
    cleanup.push(() => tui.close());
    const dialog = await openDialog(tui);
    expect(dialog).toContain("Create notes.txt");
    expect(dialog).toMatch(/1 \+ line one/);
    expect(existsSync(target)).toBe(false);
    tui.press("1");
    await tui.waitFor("all done");
    expect(readFileSync(target, "utf8")).toBe("line one\nline two\n");
    const results = toolResults(server.requests[1]?.body);
    expect(results).toHaveLength(1);
    expect(results[0]?.is_error ?? false).toBe(false);
  });

  it("no, with a reason: the file stays absent and the model receives the reason", async () => {
    const { server, cwd, target } = await writeScenario();
    const tui = TuiSession.start({ serverUrl: server.url, cwd });
    cleanup.push(() => tui.close());
    await openDialog(tui);
    tui.press("3");
    await tui.waitFor("Reason for Keel");
    tui.type("put it in docs/ instead");
    tui.press("Enter");
    await tui.waitFor("all done");
    expect(existsSync(target)).toBe(false);
    const results = toolResults(server.requests[1]?.body);
    expect(results).toHaveLength(1);
    expect(results[0]?.is_error).toBe(true);
    expect(JSON.stringify(results[0]?.content)).toContain("put it in docs/ instead");
  });

  it("yes and don't ask again: writes an Edit rule for that file only, keeping the other settings; the next write is not asked", async () => {
    const { server, cwd, target } = await writeScenario(2);
    mkdirSync(join(cwd, ".keel"));
    const settingsPath = join(cwd, ".keel", "settings.local.json");
    writeFileSync(
      settingsPath,
      JSON.stringify({ env: { KEEP_ME: "1" }, permissions: { deny: ["Bash(rm *)"] } }),
    );
    const tui = TuiSession.start({ serverUrl: server.url, cwd });
    cleanup.push(() => tui.close());
    const dialog = await openDialog(tui);
    expect(dialog).toContain("don't ask again for Edit(./notes.txt)");
    tui.press("2");
    // The second Write of the same file runs without a dialog (the rule holds in this session).
    const after = await tui.waitFor("all done");
    expect(after).not.toContain("Allow Write?");
    expect(readFileSync(target, "utf8")).toBe("line one\nline two\nagain\n");
    expect(JSON.parse(readFileSync(settingsPath, "utf8"))).toEqual({
      env: { KEEP_ME: "1" },
      permissions: { deny: ["Bash(rm *)"], allow: ["Edit(./notes.txt)"] },
    });
  });
});
