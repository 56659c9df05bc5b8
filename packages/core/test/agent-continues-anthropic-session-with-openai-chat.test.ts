// Cross-provider history: a session begun with the Anthropic adapter (a signed thinking block and a
// `toolu_…` call) is continued with the Chat Completions adapter and completes a tool turn. Each
// server validates what it receives the way its real API does, so every request is asserted valid
// for its API — and the validators are shown to reject the invalid variants.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeAnthropic, validateMessagesRequest } from "@keel/fake-anthropic";
import { startFakeOpenAIChat, validateChatCompletionsRequest } from "@keel/fake-openai";
import { createModePolicy } from "@keel/permissions";
import type { Message } from "@keel/protocol";
import { AnthropicProvider, type ModelProvider, OpenAIChatProvider } from "@keel/provider";
import { ToolRegistry } from "@keel/tools";
import { afterEach, describe, expect, it } from "vitest";
import { Agent } from "../src/agent.js";
import { JsonlSessionStore } from "../src/jsonl-session-store.js";
import { testTools } from "./agent-fixtures.js";

type WireMessage = Record<string, unknown> & { role: string };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

const SIGNATURE = `EqQBCkYIBxgCKkBsig${"x".repeat(40)}==`;

describe("A session begun on Anthropic continues on Chat Completions", () => {
  it("completes a tool turn; both servers only ever received requests valid for their API", async () => {
    const anthropic = await startFakeAnthropic({
      script: [
        {
          content: [
            { type: "thinking", thinking: "I should echo first.", signature: SIGNATURE },
            { type: "text", text: "Echoing." },
            { type: "tool_use", id: "toolu_01A09q90qw90lq917835lq9", name: "Echo", input: { text: "a" } },
          ],
        },
        { content: [{ type: "text", text: "Anthropic part done." }] },
      ],
    });
    const chat = await startFakeOpenAIChat({
      script: [
        {
          content: [
            { type: "reasoning", text: "Now save it." },
            { type: "tool_call", name: "Save", arguments: { text: "b" } },
          ],
        },
        { content: [{ type: "text", text: "OpenAI part done." }] },
      ],
    });
    closers.push(
      () => anthropic.close(),
      () => chat.close(),
    );

    const dir = mkdtempSync(join(tmpdir(), "keel-cross-"));
    const store = new JsonlSessionStore({ dir });
    const calls: string[] = [];
    const agentOn = (
      provider: ModelProvider,
      log: Awaited<ReturnType<typeof store.create>>,
      messages?: Message[],
    ) =>
      new Agent({
        sessionId: "s1",
        provider,
        model: "test-model",
        system: "You are a test.",
        context: "cwd: /repo",
        tools: new ToolRegistry(testTools(calls)),
        policy: createModePolicy({ mode: "bypassPermissions", workspace: dir }),
        cwd: dir,
        log,
        thinking: { budgetTokens: 1024 },
        ...(messages ? { messages } : {}),
      });

    // Part 1: Anthropic.
    const firstLog = await store.create({
      type: "header",
      version: 1,
      sessionId: "s1",
      cwd: dir,
      model: "test-model",
      created: new Date().toISOString(),
      parentSessionId: null,
    });
    const first = agentOn(new AnthropicProvider({ apiKey: "sk-ant-test", baseUrl: anthropic.url }), firstLog);
    expect(await first.run("echo a")).toMatchObject({ subtype: "success", result: "Anthropic part done." });
    await firstLog.close();

    // Part 2: the stored session, resumed on a Chat Completions server.
    const { loaded, log } = await store.open("s1");
    expect(loaded.messages[1]!.content[0]).toEqual({
      type: "thinking",
      thinking: "I should echo first.",
      signature: SIGNATURE,
    });
    const second = agentOn(
      new OpenAIChatProvider({ apiKey: "sk-test", baseUrl: chat.baseUrl }),
      log,
      loaded.messages,
    );
    const result = await second.run("now save b");
    await log.close();
    expect(result).toMatchObject({ subtype: "success", result: "OpenAI part done.", numTurns: 2 });
    expect(calls).toEqual(["Echo:a", "Save:b"]);

    // Every request each server received was accepted, and is valid for that server's API.
    expect(anthropic.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(chat.requests.map((r) => r.status)).toEqual([200, 200]);
    for (const r of anthropic.requests) expect(validateMessagesRequest(r.body)).toBeNull();
    for (const r of chat.requests) expect(validateChatCompletionsRequest(r.body)).toBeNull();

    // What the Chat server got: the Anthropic turns without thinking, the `toolu_…` id kept and
    // answered by a tool message, then the new prompt.
    const sent = (chat.requests[0]!.body as { messages: WireMessage[] }).messages;
    expect(sent).toEqual([
      { role: "system", content: "You are a test." },
      { role: "user", content: "cwd: /repo" },
      { role: "user", content: "echo a" },
      {
        role: "assistant",
        content: "Echoing.",
        tool_calls: [
          {
            id: "toolu_01A09q90qw90lq917835lq9",
            type: "function",
            function: { name: "Echo", arguments: '{"text":"a"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "toolu_01A09q90qw90lq917835lq9", content: "echo a" },
      { role: "assistant", content: "Anthropic part done." },
      { role: "user", content: "now save b" },
    ]);
    expect(JSON.stringify(sent)).not.toContain(SIGNATURE);
    const next = (chat.requests[1]!.body as { messages: WireMessage[] }).messages.slice(-2);
    expect(next).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_fake_1", type: "function", function: { name: "Save", arguments: '{"text":"b"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_fake_1", content: "saved b" },
    ]);
    // The Anthropic server got its thinking block back byte for byte on the tool round.
    const anthropicSent = (anthropic.requests[1]!.body as { messages: Array<{ content: unknown[] }> })
      .messages;
    expect(anthropicSent[1]!.content[0]).toEqual({
      type: "thinking",
      thinking: "I should echo first.",
      signature: SIGNATURE,
    });

    // The validators are not rubber stamps: the Anthropic-shaped history, or a Chat body missing
    // the tool message, is rejected.
    const body = chat.requests[0]!.body as { messages: WireMessage[] };
    const asAnthropic = {
      ...body,
      messages: [...body.messages.slice(0, 3), anthropicSent[1], ...body.messages.slice(4)],
    };
    expect(validateChatCompletionsRequest(asAnthropic)).toMatch(/Supported values|was unexpected/);
    const unanswered = { ...body, messages: body.messages.filter((m) => m.role !== "tool") };
    expect(validateChatCompletionsRequest(unanswered)).toMatch(/did not have response messages: toolu_01A/);
    const withThinking = {
      ...body,
      messages: body.messages.map((m) => (m.role === "assistant" ? { ...m, reasoning_content: "x" } : m)),
    };
    expect(validateChatCompletionsRequest(withThinking)).toMatch(/'reasoning_content' was unexpected/);
  });
});
