import type { Message } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { estimateMessagesTokens, microCompact } from "../src/index.js";

const BIG = "x".repeat(4_000);

/** `n` Read turns: assistant tool_use, user tool_result with a big output. */
function readTurns(n: number, start = 0): Message[] {
  const out: Message[] = [];
  for (let i = start; i < start + n; i++) {
    out.push({
      role: "assistant",
      content: [{ type: "tool_use", id: `t${i}`, name: "Read", input: { file_path: `src/f${i}.ts` } }],
    });
    out.push({
      role: "user",
      content: [{ type: "tool_result", toolUseId: `t${i}`, content: `${i}:${BIG}` }],
    });
  }
  return out;
}

function resultText(m: Message): string {
  const b = m.content[0]!;
  return b.type === "tool_result" && typeof b.content === "string" ? b.content : "";
}

describe("microCompact", () => {
  it("replaces old results with a note naming the call and how to get it again, keeping the recent ones", () => {
    const history = [{ role: "user", content: [{ type: "text", text: "go" }] } as Message, ...readTurns(7)];
    const view = microCompact(history, { keepRecent: 3, batch: 4 });
    expect(view.cleared).toBe(4);
    expect(resultText(view.messages[2]!)).toBe(
      "[Old output of Read(src/f0.ts) cleared to save context; call Read again if needed]",
    );
    expect(resultText(view.messages[8]!)).toContain("src/f3.ts");
    for (const i of [10, 12, 14]) expect(resultText(view.messages[i]!)).toContain(BIG);
    expect(view.savedTokens).toBe(estimateMessagesTokens(history) - estimateMessagesTokens(view.messages));
    expect(view.savedTokens).toBeGreaterThan(3_000);
    // A pure view: the stored history is untouched, unchanged messages are the same objects.
    expect(resultText(history[2]!)).toContain(BIG);
    expect(view.messages[0]).toBe(history[0]);
    expect(view.messages[1]).toBe(history[1]);
  });

  it("clears only whole batches, so what is sent stays byte-identical between batches", () => {
    const base = readTurns(7);
    const a = microCompact(base, { keepRecent: 3, batch: 4 });
    const grown = [...base, ...readTurns(3, 7)];
    const b = microCompact(grown, { keepRecent: 3, batch: 4 });
    // 7 old results now, still one batch of 4: the earlier view is a prefix of the new one.
    expect(b.cleared).toBe(4);
    expect(JSON.stringify(b.messages.slice(0, a.messages.length))).toBe(JSON.stringify(a.messages));
    const c = microCompact([...grown, ...readTurns(1, 10)], { keepRecent: 3, batch: 4 });
    expect(c.cleared).toBe(8);
    expect(JSON.stringify(c.messages.slice(0, 8))).toBe(JSON.stringify(a.messages.slice(0, 8)));
  });

  it("leaves small results alone, keeps isError, and notes results whose call is unknown", () => {
    const history: Message[] = [
      { role: "user", content: [{ type: "tool_result", toolUseId: "gone", content: BIG, isError: true }] },
      { role: "assistant", content: [{ type: "tool_use", id: "s", name: "Bash", input: { command: "ls" } }] },
      { role: "user", content: [{ type: "tool_result", toolUseId: "s", content: "a.txt" }] },
      ...readTurns(1),
    ];
    const view = microCompact(history, { keepRecent: 1, batch: 1 });
    expect(view.cleared).toBe(1);
    const first = view.messages[0]!.content[0]!;
    expect(first).toEqual({
      type: "tool_result",
      toolUseId: "gone",
      content: "[Old tool output cleared to save context; repeat the call if you need it again]",
      isError: true,
    });
    expect(view.messages[2]).toBe(history[2]);
  });

  it("does nothing below one batch", () => {
    const history = readTurns(5);
    const view = microCompact(history, { keepRecent: 3, batch: 4 });
    expect(view.cleared).toBe(0);
    expect(view.savedTokens).toBe(0);
    expect(view.messages).toEqual(history);
  });
});
