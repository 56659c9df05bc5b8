import { readFileSync } from "node:fs";
import { findPairViolations, isBoundaryMessage, SUMMARY_SYSTEM_PROMPT } from "@keel/compact";
import type { SessionRecord } from "@keel/protocol";
import { type ModelRequest, ProviderError, ScriptedProvider, type ScriptedTurn } from "@keel/provider";
import { defineTool } from "@keel/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { makeAgent, toolUse } from "./agent-fixtures.js";

const overflow = () =>
  new ProviderError({
    kind: "context_overflow",
    status: 400,
    retryable: false,
    message: "prompt is too long: 210000 tokens > 200000 maximum",
  });

/** Main turns from `main` in order; summary requests answered (or failed) separately. */
function provider(
  main: ScriptedTurn[],
  summary: () => ScriptedTurn = () => ({ content: [{ type: "text", text: "<summary>S</summary>" }] }),
) {
  const mainRequests: ModelRequest[] = [];
  const summaryRequests: ModelRequest[] = [];
  const p = new ScriptedProvider((request) => {
    if (request.system === SUMMARY_SYSTEM_PROMPT) {
      summaryRequests.push(structuredClone(request));
      return summary();
    }
    mainRequests.push(structuredClone(request));
    const turn = main[mainRequests.length - 1];
    if (!turn) throw new Error("script exhausted");
    return turn;
  });
  return { p, mainRequests, summaryRequests };
}

function records(path: string): SessionRecord[] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as SessionRecord);
}

const readTurn: ScriptedTurn = { content: [toolUse("t1", "Echo", { text: "a" })] };
const answer: ScriptedTurn = { content: [{ type: "text", text: "All good." }] };

describe("reactive recovery from a provider context overflow", () => {
  it("compacts once (trigger overflow) and retries the request", async () => {
    const { p, mainRequests, summaryRequests } = provider([readTurn, { error: overflow() }, answer], () => ({
      content: [{ type: "text", text: "<summary>S</summary>" }],
      usage: { inputTokens: 300, outputTokens: 7 },
    }));
    const { agent, events, log } = await makeAgent(p);
    const result = await agent.run("do the thing");

    expect(result.subtype).toBe("success");
    expect(result.result).toBe("All good.");
    expect(summaryRequests).toHaveLength(1);
    // The summary request's tokens are part of the run's usage.
    expect(result.usage).toMatchObject({ inputTokens: 300, outputTokens: 7 });
    const compaction = events.filter((e) => e.type === "compaction");
    expect(compaction).toMatchObject([{ strategy: "summary", trigger: "overflow" }]);
    const stored = records(log.location).filter((r) => r.type === "compaction");
    expect(stored).toMatchObject([{ trigger: "overflow", userPrompts: ["do the thing"] }]);
    // The retry sends the boundary message, then the kept (pair-safe) turn.
    const retry = mainRequests[2]!;
    expect(isBoundaryMessage(retry.messages[0]!)).toBe(true);
    expect(findPairViolations(retry.messages)).toEqual([]);
    // The prompt went into the summary; the tool turn is kept verbatim.
    expect(retry.messages.slice(1)).toEqual(mainRequests[1]!.messages.slice(1));
    expect(retry.messages).toHaveLength(mainRequests[1]!.messages.length);
  });

  it("ends the run with a clear error when the retry overflows too", async () => {
    const { p, mainRequests } = provider([readTurn, { error: overflow() }, { error: overflow() }, answer]);
    const { agent, log } = await makeAgent(p);
    const result = await agent.run("do the thing");
    expect(result.subtype).toBe("error_during_execution");
    expect(result.result).toMatch(/still too long for the model's context window after compacting/);
    expect(mainRequests).toHaveLength(3);
    expect(records(log.location).filter((r) => r.type === "compaction")).toHaveLength(1);
  });

  it("with autoCompact: false reports the overflow and compacts nothing", async () => {
    const { p, summaryRequests } = provider([readTurn, { error: overflow() }, answer]);
    const { agent, events, log } = await makeAgent(p, {
      compaction: { contextWindow: 200_000, maxOutputTokens: 8_192, autoCompact: false },
    });
    const result = await agent.run("do the thing");
    expect(result.subtype).toBe("error_during_execution");
    expect(result.result).toMatch(/too long for its context window .*automatic compaction is off/);
    expect(summaryRequests).toHaveLength(0);
    expect(events.some((e) => e.type === "compaction")).toBe(false);
    expect(records(log.location).some((r) => r.type === "compaction")).toBe(false);
  });

  it("truncates pair-safely when the summary request itself fails, then retries", async () => {
    const { p, mainRequests } = provider([readTurn, { error: overflow() }, answer], () => ({
      error: new ProviderError({ kind: "invalid_request", message: "summary refused", retryable: false }),
    }));
    const { agent, events } = await makeAgent(p);
    const result = await agent.run("do the thing");
    expect(result.subtype).toBe("success");
    expect(events.filter((e) => e.type === "compaction")).toMatchObject([
      { strategy: "truncation", trigger: "overflow" },
    ]);
    expect(events.some((e) => e.type === "warning" && e.message.includes("summary refused"))).toBe(true);
    const retry = mainRequests[2]!;
    expect(findPairViolations(retry.messages)).toEqual([]);
    const boundary = retry.messages[0]!.content[0]!;
    expect(boundary.type === "text" && boundary.text).toContain("do the thing");
  });

  it("does not send a request that is over the window even after compacting; the run ends with a clear error", async () => {
    const huge = defineTool({
      name: "Huge",
      description: "huge output",
      inputSchema: z.object({}),
      readOnly: true,
      call: async () => ({ content: "h ".repeat(10_000) }),
    });
    const { p, mainRequests, summaryRequests } = provider([{ content: [toolUse("h1", "Huge", {})] }, answer]);
    const { agent, log } = await makeAgent(p, {
      tools: [huge],
      maxTokens: 500,
      maxToolOutputChars: 50_000,
      compaction: { contextWindow: 4_000, maxOutputTokens: 500 },
    });
    const result = await agent.run("go");
    expect(result.subtype).toBe("error_during_execution");
    expect(result.result).toMatch(/over the 3500-token limit .* even after compacting/);
    expect(mainRequests).toHaveLength(1);
    expect(summaryRequests).toHaveLength(1);
    expect(records(log.location).filter((r) => r.type === "compaction")).toHaveLength(1);
  });
});
