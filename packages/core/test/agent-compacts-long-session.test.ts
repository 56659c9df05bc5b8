import { readFileSync } from "node:fs";
import {
  estimateMessageTokens,
  estimateRequestTokens,
  findPairViolations,
  SUMMARY_SYSTEM_PROMPT,
  TokenBudget,
} from "@keel/compact";
import { createModePolicy } from "@keel/permissions";
import type {
  AgentEvent,
  AssistantContent,
  CompactionRecord,
  ContentBlock,
  Message,
  MessageRecord,
  SessionRecord,
} from "@keel/protocol";
import { type ModelRequest, ScriptedProvider, type ScriptedTurn } from "@keel/provider";
import { defineTool, ToolRegistry } from "@keel/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../src/agent.js";
import type { CompactionOptions } from "../src/agent-options.js";
import { makeAgent } from "./agent-fixtures.js";

/**
 * The long-session acceptance scenario (issue 5): 300 tool turns, each returning 40 KB, against
 * a 64K-token window, with the user's instructions in a memory file (the context block) and in
 * the first prompt.
 */
const WINDOW = 64_000;
const MAX_OUT = 4_096;
const TURNS_PER_RUN = 150;
const MEMORY = "MEMORY-FILE: always run the linter; never edit generated files.";
const FIRST = "ORIGINAL-PROMPT: refactor the parser in src/ and keep the public API stable.";
const SECOND = "SECOND-PROMPT: now update the docs to match.";
const OUTPUT = Array.from({ length: 1_024 }, (_, i) => `const value${i} = compute(${i}); // line\n`)
  .join("")
  .slice(0, 40_960);
const REASONING = "I read the next file to follow how the parser state flows through it. ".repeat(9);

const compaction: CompactionOptions = {
  contextWindow: WINDOW,
  maxOutputTokens: MAX_OUT,
  micro: { keepRecent: 2, batch: 2 },
};

function textOf(messages: readonly Message[]): string {
  return messages
    .flatMap((m): ContentBlock[] => m.content)
    .map((b) => (b.type === "text" ? b.text : ""))
    .join("\n");
}

function readTool() {
  return defineTool({
    name: "Read",
    description: "Read a file",
    inputSchema: z.object({ file_path: z.string() }),
    readOnly: true,
    call: async () => ({ content: OUTPUT }),
  });
}

/** Plays the model: 150 reads per run then an answer; answers summary requests; checks every request. */
function scenario() {
  const state = {
    phaseCalls: 0,
    mainRequests: 0,
    summaryRequests: 0,
    compacted: false,
    secondRun: false,
    maxEstimate: 0,
    problems: [] as string[],
  };
  const check = (request: ModelRequest, kind: string) => {
    const est = estimateRequestTokens(request);
    state.maxEstimate = Math.max(state.maxEstimate, est);
    if (est + request.maxTokens > WINDOW) state.problems.push(`${kind} request over the window: ${est}`);
    for (const v of findPairViolations(request.messages)) state.problems.push(`${kind}: ${v.problem}`);
    return est;
  };
  const provider = new ScriptedProvider(
    (request, index): ScriptedTurn => {
      // Keep memory flat: the checks below run on the request as it arrives.
      provider.requests.length = 0;
      if (request.system === SUMMARY_SYSTEM_PROMPT) {
        state.summaryRequests++;
        check(request, "summary");
        return {
          content: [
            { type: "text", text: `<summary>Parser refactor in progress (request ${index}).</summary>` },
          ],
        };
      }
      state.mainRequests++;
      const est = check(request, "main");
      if (state.compacted) {
        const text = textOf(request.messages);
        if (!request.context?.includes(MEMORY)) state.problems.push(`request ${index}: memory file missing`);
        if (!text.includes(FIRST)) state.problems.push(`request ${index}: first prompt missing`);
        if (state.secondRun && !text.includes(SECOND))
          state.problems.push(`request ${index}: second prompt missing`);
      }
      const content: AssistantContent[] =
        state.phaseCalls < TURNS_PER_RUN
          ? [
              { type: "text", text: REASONING },
              {
                type: "tool_use",
                id: `r${index}`,
                name: "Read",
                input: { file_path: `src/file${index}.ts` },
              },
            ]
          : [{ type: "text", text: "Phase done." }];
      if (content.length === 2) state.phaseCalls++;
      // Report usage as a provider would (here: the estimator's count), so the agent counts from it.
      const outputTokens = estimateMessageTokens({ role: "assistant", content });
      return { content, usage: { inputTokens: est, outputTokens } };
    },
    { chunkSize: 4_096 },
  );
  return { provider, state };
}

async function runScenario(options: { autoCompact: boolean }) {
  const { provider, state } = scenario();
  const events: AgentEvent[] = [];
  let path = "";
  const recordsWritten = (uuid: string) => readFileSync(path, "utf8").includes(uuid);
  const announcedBeforeWritten: string[] = [];
  const made = await makeAgent(provider, {
    tools: [readTool()],
    context: MEMORY,
    maxTurns: TURNS_PER_RUN + 5,
    maxTokens: MAX_OUT,
    maxToolOutputChars: 50_000,
    compaction: { ...compaction, autoCompact: options.autoCompact },
    onEvent: (e) => {
      if (e.type === "text_delta" || e.type === "tool_input_delta") return;
      events.push(e);
      if (e.type === "compaction" && e.strategy !== "micro") {
        state.compacted = true;
        if (!e.uuid || !recordsWritten(e.uuid)) announcedBeforeWritten.push(String(e.uuid));
      }
    },
  });
  path = made.log.location;
  const first = await made.agent.run(FIRST);
  state.phaseCalls = 0;
  state.secondRun = true;
  const second = first.isError ? undefined : await made.agent.run(SECOND);
  await made.log.sync();
  const records = readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as SessionRecord);
  return { ...made, provider, state, events, first, second, records, announcedBeforeWritten };
}

describe("a 300-turn session with 40 KB tool outputs in a 64K window", () => {
  it("never exceeds the window, compacts at the configured points, stays pair-safe, keeps the user's instructions, and resumes", async () => {
    const run = await runScenario({ autoCompact: true });
    const budget = new TokenBudget({ contextWindow: WINDOW, maxOutputTokens: MAX_OUT });

    expect(run.first.subtype).toBe("success");
    expect(run.second?.subtype).toBe("success");
    expect(run.state.mainRequests).toBe(2 * (TURNS_PER_RUN + 1));
    expect(run.state.problems).toEqual([]);
    // Every request the model saw was under the point where the agent compacts.
    expect(run.state.maxEstimate).toBeLessThan(budget.autoAt);
    expect(run.state.maxEstimate).toBeGreaterThan(budget.microAt);

    const compactions = run.events.filter((e) => e.type === "compaction");
    const micro = compactions.filter((e) => e.strategy === "micro");
    const summaries = compactions.filter((e) => e.strategy === "summary");
    expect(micro.length).toBeGreaterThan(10);
    expect(summaries.length).toBeGreaterThanOrEqual(2);
    for (const e of summaries) {
      expect(e.trigger).toBe("auto");
      expect(e.preTokens).toBeGreaterThanOrEqual(budget.autoAt);
      expect(e.postTokens).toBeLessThan(budget.microAt);
    }
    for (const e of micro) expect(e.preTokens).toBeGreaterThanOrEqual(budget.microAt);
    expect(run.announcedBeforeWritten).toEqual([]);
    expect(run.state.summaryRequests).toBeGreaterThanOrEqual(summaries.length);

    const boundaries = run.records.filter((r): r is CompactionRecord => r.type === "compaction");
    expect(boundaries.map((b) => b.uuid)).toEqual(summaries.map((e) => e.type === "compaction" && e.uuid));
    const last = boundaries.at(-1)!;
    expect(last.userPrompts[0]).toBe(FIRST);
    expect(last.userPrompts.filter((p) => p === FIRST)).toHaveLength(1);
    expect(last.firstKeptUuid).not.toBeNull();

    // Resume from the file: the last boundary, then the stored messages from firstKeptUuid on.
    // (Built here from the records; the store's loader returns the same once it reads boundaries.)
    const messageRecords = run.records.filter((r): r is MessageRecord => r.type === "message");
    const from = messageRecords.findIndex((r) => r.uuid === last.firstKeptUuid);
    expect(from).toBeGreaterThan(0);
    const tail = messageRecords.slice(from);
    const resumedProvider = new ScriptedProvider([{ content: [{ type: "text", text: "Resumed fine." }] }]);
    const resumed = new Agent({
      ...agentBase(run.dir),
      provider: resumedProvider,
      boundary: last,
      messages: tail.map((r) => r.message),
      messageUuids: tail.map((r) => r.uuid),
      compaction,
    });
    // The resumed history is exactly what the live agent had.
    expect(resumed.messages).toEqual(run.agent.messages);
    const result = await resumed.run("THIRD-PROMPT: wrap up.");
    expect(result.subtype).toBe("success");
    const request = resumedProvider.requests[0]!;
    expect(findPairViolations(request.messages)).toEqual([]);
    expect(estimateRequestTokens(request) + request.maxTokens).toBeLessThanOrEqual(WINDOW);
    expect(request.context).toContain(MEMORY);
    const text = textOf(request.messages);
    expect(text).toContain(FIRST);
    expect(text).toContain(SECOND);
    expect(text).toContain(last.summary);
  });

  it("with autoCompact: false ends with the overflow error and compacts nothing", async () => {
    const run = await runScenario({ autoCompact: false });
    expect(run.first.subtype).toBe("error_during_execution");
    expect(run.first.result).toMatch(/over the \d+-token limit .*automatic compaction is off/);
    expect(run.second).toBeUndefined();
    expect(run.state.problems).toEqual([]);
    expect(run.events.filter((e) => e.type === "compaction")).toEqual([]);
    expect(run.records.filter((r) => r.type === "compaction")).toEqual([]);
    expect(
      run.events.some((e) => e.type === "warning" && /automatic compaction is off/.test(e.message)),
    ).toBe(true);
    // It stopped before sending an over-window request, after the turns that fit.
    expect(run.state.mainRequests).toBeGreaterThan(3);
    expect(run.state.mainRequests).toBeLessThan(TURNS_PER_RUN);
  });
});

/** What a resumed agent shares with the live one (same tools, prompts, context; see makeAgent). */
function agentBase(dir: string) {
  return {
    sessionId: "s1",
    model: "test-model",
    system: "You are a test.",
    context: MEMORY,
    tools: new ToolRegistry([readTool()]),
    policy: createModePolicy({ mode: "bypassPermissions", workspace: dir }),
    cwd: dir,
    maxTokens: MAX_OUT,
    maxToolOutputChars: 50_000,
  };
}
