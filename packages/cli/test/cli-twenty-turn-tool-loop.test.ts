import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeTurn, startFakeAnthropic } from "@keel/fake-anthropic";
import { afterEach, describe, expect, it } from "vitest";
import { keelEnv, runKeel, sessionFiles } from "./keel-harness.js";

type WireBlock = Record<string, unknown> & { type: string };
type WireMessage = { role: string; content: WireBlock[] };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

describe("keel -p runs a 20-turn tool loop over a hostile wire", () => {
  it("completes, sending every tool_result in call order and thinking blocks unchanged", async () => {
    const turns: FakeTurn[] = [];
    let workDir = "";
    for (let t = 0; t < 20; t++) {
      turns.push({
        interleave: t % 2 === 1,
        content: [
          {
            type: "thinking",
            thinking: `Turn ${t}: plan the next reads — café ☕.`,
            signature: `sig-${t}-${"x".repeat(40)}==`,
          },
          { type: "text", text: `Reading batch ${t}.` },
          // Two reads and a write per turn: read-only calls run together, the write alone.
          { type: "tool_use", id: `toolu_${t}_a`, name: "Read", input: { file_path: "@/a.txt" } },
          {
            type: "tool_use",
            id: `toolu_${t}_b`,
            name: "Write",
            input: { file_path: `@/out-${t}.txt`, content: `turn ${t}\n` },
          },
          { type: "tool_use", id: `toolu_${t}_c`, name: "Read", input: { file_path: `@/out-${t}.txt` } },
        ],
      });
    }
    turns.push({ content: [{ type: "text", text: "All twenty turns done." }] });
    const server = await startFakeAnthropic({
      chunkBytes: 7,
      crlf: true,
      pings: true,
      // File paths are only known once the workspace exists: fill them in per request.
      script: (_req, i) =>
        JSON.parse(JSON.stringify(turns[i] ?? turns.at(-1)).replaceAll("@/", `${workDir}/`)),
    });
    closers.push(() => server.close());
    const ke = keelEnv(server.url);
    workDir = ke.cwd;
    writeFileSync(join(ke.cwd, "a.txt"), "alpha\n");

    const run = await runKeel(
      ["-p", "do the 20 turns", "--output-format", "stream-json", "--permission-mode", "acceptEdits"],
      ke,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = run.lines.at(-1)!;
    expect(result).toMatchObject({
      type: "result",
      subtype: "success",
      result: "All twenty turns done.",
      num_turns: 21,
    });

    const ok = server.requests.filter((r) => r.status === 200);
    expect(ok).toHaveLength(21);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
    for (let t = 1; t <= 20; t++) {
      const messages = (ok[t]!.body as { messages: WireMessage[] }).messages;
      const assistant = messages.at(-2)!;
      const results = messages.at(-1)!;
      // The previous assistant turn is sent back with its thinking block byte for byte.
      const thinking = turns[t - 1]!.content[0] as { thinking: string; signature: string };
      expect(assistant.content[0]).toEqual({
        type: "thinking",
        thinking: thinking.thinking,
        signature: thinking.signature,
      });
      // Every tool_result, in the model's call order, and they are the first blocks.
      expect(results.content.map((b) => b.tool_use_id)).toEqual([
        `toolu_${t - 1}_a`,
        `toolu_${t - 1}_b`,
        `toolu_${t - 1}_c`,
      ]);
      expect(results.content.every((b) => b.is_error !== true)).toBe(true);
      expect(JSON.stringify(results.content[2])).toContain(`turn ${t - 1}`);
    }
    expect(readFileSync(join(ke.cwd, "out-19.txt"), "utf8")).toBe("turn 19\n");

    // The session file holds the whole conversation: header + 1 prompt + 20×(assistant + results) + final.
    const [session] = sessionFiles(ke);
    expect(session!.records[0]).toMatchObject({ type: "header" });
    expect(session!.records.filter((r) => r.type === "message")).toHaveLength(42);
  });
});
