import type { Message } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import {
  canStartKeptRange,
  estimateMessagesTokens,
  findPairViolations,
  selectKeptStart,
} from "../src/index.js";

function turn(i: number, size = 400): Message[] {
  return [
    {
      role: "assistant",
      content: [{ type: "tool_use", id: `t${i}`, name: "Read", input: { file_path: `f${i}` } }],
    },
    { role: "user", content: [{ type: "tool_result", toolUseId: `t${i}`, content: "y".repeat(size) }] },
  ];
}

const history: Message[] = [
  { role: "user", content: [{ type: "text", text: "start" }] },
  ...turn(0),
  ...turn(1),
  ...turn(2),
  ...turn(3),
  { role: "assistant", content: [{ type: "text", text: "done" }] },
  { role: "user", content: [{ type: "text", text: "next" }] },
  ...turn(4),
];

describe("selectKeptStart", () => {
  it("keeps as many recent messages as fit, never starting with a tool_result", () => {
    for (let keep = 0; keep <= estimateMessagesTokens(history) + 10; keep += 17) {
      const start = selectKeptStart(history, { keepTokens: keep });
      expect(start).toBeLessThan(history.length);
      expect(canStartKeptRange(history[start]!)).toBe(true);
      const kept = history.slice(start);
      expect(findPairViolations(kept)).toEqual([]);
      // Keeping one more valid message would exceed the budget (unless at the minimum already).
      if (estimateMessagesTokens(kept) <= keep) {
        const earlier = history.slice(0, start).findLastIndex((m) => canStartKeptRange(m));
        if (earlier >= 0) expect(estimateMessagesTokens(history.slice(earlier))).toBeGreaterThan(keep);
      }
    }
  });

  it("keeps the latest valid start when even that is over budget", () => {
    expect(selectKeptStart(history, { keepTokens: 1 })).toBe(history.length - 2);
  });

  it("only starts where the caller allows (e.g. at stored messages) and not before minStart", () => {
    const start = selectKeptStart(history, { keepTokens: 1_000_000, canStart: (i) => i >= 5, minStart: 1 });
    expect(start).toBe(5);
    expect(selectKeptStart(history, { keepTokens: 1_000_000, canStart: () => false })).toBe(history.length);
    expect(selectKeptStart(history, { keepTokens: 1_000_000, minStart: 1 })).toBe(1);
  });
});

describe("findPairViolations", () => {
  it("accepts a well-formed history and flags separated pairs", () => {
    expect(findPairViolations(history)).toEqual([]);
    expect(findPairViolations(history.slice(2))).toEqual([
      { index: 0, problem: "tool_result t0 does not follow its tool_use" },
    ]);
    const broken = [
      ...history.slice(0, 2),
      { role: "user", content: [{ type: "text", text: "hi" }] } as Message,
    ];
    expect(findPairViolations(broken)).toEqual([
      { index: 1, problem: "tool_use t0 is not answered in the next message" },
    ]);
    // A trailing call still waiting for its result is fine.
    expect(findPairViolations(history.slice(0, -1))).toEqual([]);
  });
});
