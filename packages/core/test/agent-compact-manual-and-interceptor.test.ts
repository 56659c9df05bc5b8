import { readFileSync } from "node:fs";
import { isBoundaryMessage, SUMMARY_SYSTEM_PROMPT, TokenBudget } from "@keel/compact";
import type { AgentEvent, CompactionRecord, Message, SessionRecord } from "@keel/protocol";
import { type ModelRequest, ScriptedProvider, type ScriptedTurn } from "@keel/provider";
import { defineTool } from "@keel/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AgentInterceptors } from "../src/agent-options.js";
import { makeAgent, testTools, toolUse } from "./agent-fixtures.js";

function scripted(main: ScriptedTurn[]) {
  const mainRequests: ModelRequest[] = [];
  const summaryRequests: ModelRequest[] = [];
  const p = new ScriptedProvider((request) => {
    if (request.system === SUMMARY_SYSTEM_PROMPT) {
      summaryRequests.push(structuredClone(request));
      return { content: [{ type: "text", text: `<summary>SUMMARY-${summaryRequests.length}</summary>` }] };
    }
    mainRequests.push(structuredClone(request));
    return main[mainRequests.length - 1] ?? { content: [{ type: "text", text: "done" }] };
  });
  return { p, mainRequests, summaryRequests };
}

function text(m: Message | undefined): string {
  return (m?.content ?? []).map((b) => (b.type === "text" ? b.text : "")).join("");
}

const twoTurns: ScriptedTurn[] = [
  { content: [toolUse("t1", "Echo", { text: "a" })] },
  { content: [toolUse("t2", "Echo", { text: "b" })] },
  { content: [{ type: "text", text: "first done" }] },
];

describe("Agent.compact (/compact) and the beforeCompact seam", () => {
  it("summarizes with the user's and the interceptor's instructions, then re-injects context", async () => {
    const { p, mainRequests, summaryRequests } = scripted(twoTurns);
    const seen: unknown[] = [];
    const interceptors: AgentInterceptors = {
      beforeCompact: async (info) => {
        seen.push(info);
        return { instructions: "Mention the Echo calls." };
      },
    };
    const { agent, events, log } = await makeAgent(p, {
      interceptors,
      reinject: () => [{ type: "text", text: "<system-reminder>TODO list: 1. finish</system-reminder>" }],
    });
    await agent.run("PROMPT-ONE");
    const outcome = await agent.compact("focus on the parser");

    expect(outcome.compacted).toBe(true);
    expect(seen).toEqual([{ trigger: "manual", instructions: "focus on the parser" }]);
    const body = text(summaryRequests[0]!.messages[0]);
    expect(body).toContain(
      "Additional instructions for this summary:\nfocus on the parser\n\nMention the Echo calls.",
    );
    const record = outcome.compacted ? outcome.record : undefined;
    expect(record).toMatchObject({
      trigger: "manual",
      strategy: "summary",
      summary: "SUMMARY-1",
      userPrompts: ["PROMPT-ONE"],
    });

    // Stored in order: the boundary record, then the re-injected message (synthetic).
    const lines = readFileSync(log.location, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as SessionRecord);
    const at = lines.findIndex((r) => r.type === "compaction");
    expect(lines[at + 1]).toMatchObject({ type: "message", synthetic: true, message: { role: "user" } });
    const order = events.filter((e) => e.type === "compaction" || e.type === "user_message").slice(-2);
    expect(order.map((e) => e.type)).toEqual(["compaction", "user_message"]);

    await agent.run("PROMPT-TWO");
    const next = mainRequests.at(-1)!;
    expect(isBoundaryMessage(next.messages[0]!)).toBe(true);
    expect(text(next.messages[0])).toContain("SUMMARY-1");
    expect(text(next.messages[0])).toContain("PROMPT-ONE");
    expect(next.messages.map(text).join("\n")).toContain("TODO list: 1. finish");
    expect(text(next.messages.at(-1))).toBe("PROMPT-TWO");
  });

  it("does not compact when the interceptor blocks, and says why", async () => {
    const { p, summaryRequests } = scripted(twoTurns);
    const { agent, events, log } = await makeAgent(p, {
      interceptors: { beforeCompact: async () => ({ block: "hook says no" }) },
    });
    await agent.run("go");
    const before = agent.messages.length;
    const outcome = await agent.compact();
    expect(outcome).toEqual({ compacted: false, reason: "Compaction blocked: hook says no" });
    expect(summaryRequests).toHaveLength(0);
    expect(agent.messages).toHaveLength(before);
    expect(events.some((e) => e.type === "compaction")).toBe(false);
    expect(readFileSync(log.location, "utf8")).not.toContain('"type":"compaction"');
  });

  it("reports that an empty conversation has nothing to compact", async () => {
    const { p } = scripted([]);
    const { agent } = await makeAgent(p);
    const outcome = await agent.compact();
    expect(outcome.compacted).toBe(false);
    expect(!outcome.compacted && outcome.reason).toMatch(/Nothing to compact/);
  });

  it("warns and still sends when automatic compaction is blocked but the request fits", async () => {
    const big = defineTool({
      name: "Big",
      description: "big output",
      inputSchema: z.object({}),
      readOnly: true,
      call: async () => ({ content: "w ".repeat(3_000) }),
    });
    const { p, mainRequests, summaryRequests } = scripted([
      { content: [toolUse("b1", "Big", {})] },
      { content: [{ type: "text", text: "ok" }] },
    ]);
    const compaction = { contextWindow: 4_000, maxOutputTokens: 500, margin: 2_000 };
    const budget = new TokenBudget(compaction);
    const { agent, events } = await makeAgent(p, {
      tools: [big, ...testTools()],
      maxTokens: 500,
      compaction,
      interceptors: { beforeCompact: async () => ({ block: "not now" }) },
    });
    const result = await agent.run("go");
    expect(result.subtype).toBe("success");
    expect(summaryRequests).toHaveLength(0);
    expect(mainRequests).toHaveLength(2);
    // The Big result alone (6,000 chars ≈ 1,500 tokens) reaches the auto point; the request still fits.
    expect(budget.autoAt).toBeLessThanOrEqual(1_500);
    expect(
      events.some(
        (e: AgentEvent) =>
          e.type === "warning" &&
          e.message === "Automatic compaction did not run: Compaction blocked: not now",
      ),
    ).toBe(true);
  });

  it("starts a resumed agent from its boundary and merges it into the next compaction", async () => {
    const { p, mainRequests, summaryRequests } = scripted([{ content: [{ type: "text", text: "ok" }] }]);
    const boundary: CompactionRecord = {
      type: "compaction",
      uuid: "b1",
      timestamp: new Date().toISOString(),
      trigger: "auto",
      strategy: "summary",
      summary: "EARLIER-SUMMARY",
      userPrompts: ["OLD-PROMPT"],
      firstKeptUuid: "m1",
      preTokens: 1,
      postTokens: 1,
    };
    const kept: Message[] = [
      { role: "user", content: [{ type: "text", text: "KEPT-PROMPT" }] },
      { role: "assistant", content: [{ type: "text", text: "kept answer" }] },
    ];
    const { agent } = await makeAgent(p, { boundary, messages: kept, messageUuids: ["m1", "m2"] });
    await agent.run("NEW-PROMPT");
    const first = mainRequests[0]!;
    expect(isBoundaryMessage(first.messages[0]!)).toBe(true);
    expect(text(first.messages[0])).toContain("EARLIER-SUMMARY");
    expect(text(first.messages[0])).toContain("OLD-PROMPT");
    expect(first.messages.slice(1, 3)).toEqual(kept);

    const outcome = await agent.compact();
    expect(outcome.compacted).toBe(true);
    const record = outcome.compacted ? outcome.record : undefined;
    // Merged, not nested: old prompts first, then the ones summarized now; the old summary goes in as input.
    expect(record?.userPrompts.slice(0, 2)).toEqual(["OLD-PROMPT", "KEPT-PROMPT"]);
    const body = text(summaryRequests[0]!.messages[0]);
    expect(body).toContain("<earlier-summary>\nEARLIER-SUMMARY\n</earlier-summary>");
    expect(body).not.toContain("<compaction-boundary>");
    expect(agent.messages.filter(isBoundaryMessage)).toHaveLength(1);
  });
});
