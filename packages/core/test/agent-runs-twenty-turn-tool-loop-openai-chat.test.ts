// The foundation's 20-turn tool loop, run by the unchanged Agent loop + streamWithRetry against a
// local server speaking Chat Completions (hostile wire: 7-byte chunks, CRLF, keep-alive comments,
// parallel tool calls interleaved by index on every other turn).
import { type FakeChatTurn, startFakeOpenAIChat, validateChatCompletionsRequest } from "@keel/fake-openai";
import { OpenAIChatProvider } from "@keel/provider";
import { afterEach, describe, expect, it } from "vitest";
import { makeAgent, testTools } from "./agent-fixtures.js";

type WireMessage = Record<string, unknown> & { role: string };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

describe("Agent runs a 20-turn tool loop against a Chat Completions server", () => {
  it("completes, answering every call with a tool message in call order, every request valid", async () => {
    const turns: FakeChatTurn[] = [];
    for (let t = 0; t < 20; t++) {
      turns.push({
        interleave: t % 2 === 1,
        content: [
          { type: "reasoning", text: `Turn ${t}: plan the next calls — café ☕.` },
          { type: "text", text: `Batch ${t}.` },
          // Two read-only calls and a write per turn: the reads may run together, the write alone.
          { type: "tool_call", id: `call_${t}_a`, name: "Echo", arguments: { text: `a${t}` } },
          { type: "tool_call", id: `call_${t}_b`, name: "Save", arguments: { text: `b${t}` } },
          { type: "tool_call", id: `call_${t}_c`, name: "Echo", arguments: { text: `c${t} ✓` } },
        ],
        usage: { prompt_tokens: 1000 + t, cached_tokens: 900, completion_tokens: 50 },
      });
    }
    turns.push({ content: [{ type: "text", text: "All twenty turns done." }] });
    const server = await startFakeOpenAIChat({ chunkBytes: 7, crlf: true, keepAlive: true, script: turns });
    closers.push(() => server.close());

    const calls: string[] = [];
    const provider = new OpenAIChatProvider({ apiKey: "sk-test", baseUrl: server.baseUrl });
    const { agent, events, store } = await makeAgent(provider, {
      tools: testTools(calls),
      context: "cwd: /repo",
    });
    const result = await agent.run("do the 20 turns");

    expect(result).toMatchObject({ subtype: "success", result: "All twenty turns done.", numTurns: 21 });
    expect(result.usage.cacheReadInputTokens).toBe(20 * 900);
    expect(server.requests).toHaveLength(21);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
    expect(calls.filter((c) => c.startsWith("Save:"))).toEqual(
      turns.slice(0, 20).map((_, t) => `Save:b${t}`),
    );
    expect(events.filter((e) => e.type === "retry")).toEqual([]);

    for (let t = 1; t <= 20; t++) {
      const body = server.requests[t]!.body as { messages: WireMessage[] };
      expect(validateChatCompletionsRequest(body)).toBeNull();
      expect(body.messages.slice(0, 2)).toEqual([
        { role: "system", content: "You are a test." },
        { role: "user", content: "cwd: /repo" },
      ]);
      const [assistant, ...results] = body.messages.slice(-4);
      // The previous turn's call, sent back with its text; its reasoning is not sent to this server.
      expect(assistant).toEqual({
        role: "assistant",
        content: `Batch ${t - 1}.`,
        tool_calls: ["a", "b", "c"].map((x, i) => ({
          id: `call_${t - 1}_${x}`,
          type: "function",
          function: {
            name: i === 1 ? "Save" : "Echo",
            arguments: JSON.stringify({ text: i === 2 ? `c${t - 1} ✓` : `${x}${t - 1}` }),
          },
        })),
      });
      expect(results).toEqual([
        { role: "tool", tool_call_id: `call_${t - 1}_a`, content: `echo a${t - 1}` },
        { role: "tool", tool_call_id: `call_${t - 1}_b`, content: `saved b${t - 1}` },
        { role: "tool", tool_call_id: `call_${t - 1}_c`, content: `echo c${t - 1} ✓` },
      ]);
    }
    // The whole history is in the session file: prompt + 20 × (assistant + results) + final answer.
    const { loaded, log } = await store.open("s1");
    await log.close();
    expect(loaded.messages).toHaveLength(42);
    expect(loaded.messages[1]).toMatchObject({
      role: "assistant",
      content: [
        { type: "thinking", thinking: "Turn 0: plan the next calls — café ☕.", signature: "" },
        { type: "text" },
        {},
        {},
        {},
      ],
    });
  });
});
