import { connect, createServer, type Server } from "node:net";
import { type FakeContentBlock, startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { TMUX, TuiSession } from "./tui-tmux-harness.js";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

/**
 * A TCP proxy that hands the response on in small pieces with a pause between them, so the
 * answer streams over many frames as it would from the real API.
 */
async function slowProxy(
  target: string,
  pieceBytes: number,
  pauseMs: number,
): Promise<{ url: string; server: Server }> {
  const { hostname, port } = new URL(target);
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    client.pipe(upstream);
    let queue = Promise.resolve();
    upstream.on("data", (chunk: Buffer) => {
      upstream.pause();
      queue = queue.then(async () => {
        for (let i = 0; i < chunk.length; i += pieceBytes) {
          if (client.destroyed) return;
          client.write(chunk.subarray(i, i + pieceBytes));
          await new Promise((r) => setTimeout(r, pauseMs));
        }
        upstream.resume();
      });
    });
    upstream.on("end", () => void queue.then(() => client.end()));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const proxyPort = typeof address === "object" && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${proxyPort}`, server };
}

/** 120 markdown sections of 17 lines (2,040 lines): headings, prose, a list and a code block, numbered L0001… */
function longAnswer(): FakeContentBlock[] {
  // A table whose first column widens row by row: every new row re-lays out the rows above,
  // including those already scrolled off the top of the screen.
  const table = ["| name | value |", "| --- | --- |"];
  for (let r = 0; r < 80; r++)
    table.push(`| ${"x".repeat(Math.floor(r / 2))}row${r} | T${String(r).padStart(3, "0")} |`);
  const blocks: FakeContentBlock[] = [{ type: "text", text: `${table.join("\n")}\n\n` }];
  let n = 0;
  const line = (text: string) => `${text} L${String(++n).padStart(4, "0")}`;
  for (let s = 0; s < 120; s++) {
    const parts = [
      `## ${line(`Section ${s}`)}`,
      "",
      line("Some prose with **bold**, `code` and a 宽字符 wide run"),
      line("and a second line of the same paragraph"),
      "",
      `- ${line("first item")}`,
      `- ${line("second item")}`,
      "",
      "```ts",
      ...Array.from({ length: 8 }, (_, i) => `const v${i} = ${i}; // ${line("code")}`),
      "```",
      "",
      line("closing words"),
      "",
    ];
    blocks.push({ type: "text", text: parts.join("\n") });
  }
  return blocks;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: counting the terminal's clear sequences
const CLEARS = /\x1b\[2J|\x1b\[3J|\x1bc/g;

describe.skipIf(!TMUX)("streaming a long answer", () => {
  it("never clears the screen or the scrollback, and every line reaches the scrollback once", async () => {
    const fake = await startFakeAnthropic({ script: [{ content: longAnswer() }] });
    cleanup.push(() => fake.close());
    const proxy = await slowProxy(fake.url, 200, 3);
    cleanup.push(() => new Promise<void>((r) => proxy.server.close(() => r())));
    const tui = TuiSession.start({ serverUrl: proxy.url, record: true, cols: 100, rows: 30 });
    cleanup.push(() => tui.close());
    await tui.waitFor("/help");
    const startup = tui.raw().length;
    tui.type("write a long answer");
    tui.press("Enter");
    await tui.waitFor("closing words L1680", { timeoutMs: 60_000 });
    await tui.waitFor((s) => !s.includes("esc to interrupt"));

    const raw = tui.raw();
    expect(raw.length).toBeGreaterThan(startup);
    expect(raw.slice(startup).match(CLEARS) ?? []).toEqual([]);
    expect(raw.match(CLEARS) ?? []).toEqual([]);
    // Many frames, not one big write at the end: the answer really streamed.
    expect(raw.slice(startup).split("\x1b[?2026h").length - 1).toBeGreaterThan(20);

    const history = tui.history();
    for (const marker of ["T000", "T079", "L0001", "L0840", "L1680"]) {
      expect(history.split(marker).length - 1, `${marker} appears once`).toBe(1);
    }
    expect(history.indexOf("L0001")).toBeLessThan(history.indexOf("L0840"));
    expect(history.indexOf("L0840")).toBeLessThan(history.indexOf("L1680"));
  });
});
