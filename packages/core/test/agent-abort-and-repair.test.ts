import type { ProviderEvent } from "@keel/protocol";
import { type ModelProvider, ProviderError, ScriptedProvider } from "@keel/provider";
import { defineTool } from "@keel/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { INTERRUPTED_RESULT } from "../src/session-repair.js";
import { makeAgent, toolUse } from "./agent-fixtures.js";

/** Streams some text and unsigned thinking, then hangs until aborted. */
function hangingProvider(onHang: () => void): ModelProvider {
  return {
    id: "hang",
    async *stream(_req, signal): AsyncGenerator<ProviderEvent> {
      yield { type: "message_start", id: "m1" };
      yield { type: "block_start", index: 0, block: { type: "thinking" } };
      yield { type: "thinking_delta", index: 0, thinking: "half a thought" };
      yield { type: "block_end", index: 0 };
      yield { type: "block_start", index: 1, block: { type: "text" } };
      yield { type: "text_delta", index: 1, text: "Partial ans" };
      onHang();
      const aborted = () => new ProviderError({ kind: "aborted", message: "aborted", retryable: false });
      if (signal.aborted) throw aborted();
      await new Promise((_r, reject) => signal.addEventListener("abort", () => reject(aborted())));
    },
  };
}

describe("Agent abort", () => {
  it("keeps the partial text, drops unsigned thinking, and persists it", async () => {
    const controller = new AbortController();
    const { agent, store } = await makeAgent(hangingProvider(() => controller.abort()));
    const result = await agent.run("hi", { signal: controller.signal });
    expect(result.subtype).toBe("error_aborted");
    expect(agent.messages.at(-1)).toEqual({
      role: "assistant",
      content: [{ type: "text", text: "Partial ans" }],
    });
    const { loaded, log } = await store.open("s1");
    await log.close();
    expect(loaded.messages).toEqual(agent.messages);
  });

  it("answers every tool_use when aborted while a tool runs", async () => {
    const controller = new AbortController();
    const slow = defineTool({
      name: "Slow",
      description: "slow",
      inputSchema: z.object({}),
      readOnly: false,
      call: (_i, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener("abort", () => resolve({ content: "stopped", isError: true }));
          controller.abort();
        }),
    });
    const provider = new ScriptedProvider([
      { content: [toolUse("a", "Slow", {}), toolUse("b", "Slow", {})] },
    ]);
    const { agent } = await makeAgent(provider, { tools: [slow] });
    const result = await agent.run("go", { signal: controller.signal });
    expect(result.subtype).toBe("error_aborted");
    const last = agent.messages.at(-1)!;
    expect(last.content.map((b) => b.type === "tool_result" && b.toolUseId)).toEqual(["a", "b"]);
  });

  it("repairs a resumed history whose last assistant message has unanswered tool calls", async () => {
    const provider = new ScriptedProvider([{ content: [{ type: "text", text: "resumed" }] }]);
    const { agent } = await makeAgent(provider, {
      messages: [
        { role: "user", content: [{ type: "text", text: "start" }] },
        { role: "assistant", content: [toolUse("x1", "Echo", { text: "a" })] },
      ],
    });
    await agent.run("continue please");
    const sent = provider.requests[0]!.messages;
    expect(sent[2]).toEqual({
      role: "user",
      content: [{ type: "tool_result", toolUseId: "x1", content: INTERRUPTED_RESULT, isError: true }],
    });
    expect(sent[3]).toEqual({ role: "user", content: [{ type: "text", text: "continue please" }] });
  });

  it("ends with error_during_execution and the provider's message on a non-retryable failure", async () => {
    const provider = new ScriptedProvider([
      {
        error: new ProviderError({
          kind: "auth",
          message: "Authentication failed (401)",
          retryable: false,
          status: 401,
        }),
      },
    ]);
    const { agent } = await makeAgent(provider);
    const result = await agent.run("hi");
    expect(result).toMatchObject({
      subtype: "error_during_execution",
      isError: true,
      errors: ["Authentication failed (401)"],
    });
    expect(agent.messages).toHaveLength(1);
  });
});

describe("Agent file state", () => {
  it("persists reads recorded by tools as file_read records and seeds them on resume", async () => {
    const { defineTool: define } = await import("@keel/tools");
    const seen: Array<string | undefined> = [];
    const reader = define({
      name: "Look",
      description: "records a read",
      inputSchema: z.object({ path: z.string() }),
      readOnly: true,
      call: async ({ path }, ctx) => {
        seen.push(ctx.fileState.get("/seeded")?.sha256);
        ctx.fileState.record({ path, mtimeMs: 1, sha256: "abc" });
        return { content: "ok" };
      },
    });
    const provider = new ScriptedProvider([
      { content: [toolUse("l1", "Look", { path: "/w/a.txt" })] },
      { content: [{ type: "text", text: "done" }] },
    ]);
    const { agent, store } = await makeAgent(provider, {
      tools: [reader],
      fileReads: [{ type: "file_read", path: "/seeded", mtimeMs: 0, sha256: "seed" }],
    });
    await agent.run("look");
    expect(seen).toEqual(["seed"]);
    const { loaded, log } = await store.open("s1");
    await log.close();
    expect(loaded.state).toContainEqual({ type: "file_read", path: "/w/a.txt", mtimeMs: 1, sha256: "abc" });
  });
});

describe("normalizeHistory (resume after a corrupt line)", () => {
  it("answers tool calls whose results were lost and drops results that answer nothing", async () => {
    const { normalizeHistory } = await import("../src/session-repair.js");
    const fixed = normalizeHistory([
      { role: "user", content: [{ type: "text", text: "go" }] },
      {
        role: "assistant",
        content: [toolUse("a", "Echo", { text: "1" }), toolUse("b", "Echo", { text: "2" })],
      },
      // The results line was corrupt and skipped; the next line is a later prompt.
      { role: "user", content: [{ type: "text", text: "next" }] },
      // The assistant line was lost; its results are orphans.
      { role: "user", content: [{ type: "tool_result", toolUseId: "zz", content: "x" }] },
      { role: "assistant", content: [{ type: "text", text: "ok" }] },
    ]);
    expect(
      fixed.map((m) => m.content.map((b) => (b.type === "tool_result" ? `r:${b.toolUseId}` : b.type))),
    ).toEqual([["text"], ["tool_use", "tool_use"], ["r:a", "r:b", "text"], ["text"]]);
  });

  it("lets a resumed agent send a valid request after a lost results line", async () => {
    const provider = new ScriptedProvider([{ content: [{ type: "text", text: "fine" }] }]);
    const { agent } = await makeAgent(provider, {
      messages: [
        { role: "user", content: [{ type: "text", text: "go" }] },
        { role: "assistant", content: [toolUse("a", "Echo", { text: "1" })] },
        { role: "user", content: [{ type: "text", text: "later" }] },
        { role: "assistant", content: [{ type: "text", text: "hm" }] },
      ],
    });
    await agent.run("again");
    const sent = provider.requests[0]!.messages;
    expect(sent[2]!.content[0]).toMatchObject({ type: "tool_result", toolUseId: "a", isError: true });
  });
});

describe("a response that is only a cut-off tool call", () => {
  it("stores what the model attempted, so messages keep alternating", async () => {
    const provider = new ScriptedProvider([
      {
        content: [],
        stopReason: "max_tokens",
        incompleteToolUses: [{ id: "t9", name: "Write", reason: "cut off" }],
      },
      { content: [{ type: "text", text: "smaller now" }] },
    ]);
    const { agent } = await makeAgent(provider);
    await agent.run("write a big file");
    const roles = provider.requests[1]!.messages.map((m) => m.role);
    expect(roles).toEqual(["user", "assistant", "user"]);
    expect(JSON.stringify(provider.requests[1]!.messages[1])).toMatch(/Write was cut off/);
  });
});

describe("an I/O failure while storing", () => {
  it("ends the run with error_during_execution instead of throwing", async () => {
    const provider = new ScriptedProvider([{ content: [{ type: "text", text: "hi" }] }]);
    const { agent, log } = await makeAgent(provider);
    await log.close(); // every append now fails
    const result = await agent.run("hello");
    expect(result).toMatchObject({ subtype: "error_during_execution", isError: true });
    expect(result.result).toMatch(/closed/);
  });
});
