// The foundation's 20-turn tool loop, unchanged Agent + streamWithRetry, against a server speaking
// the OpenAI Responses API over a hostile wire (7-byte chunks, CRLF, keep-alive comments,
// interleaved output items on every other turn).
import {
  type FakeResponsesServer,
  type FakeResponsesTurn,
  startFakeOpenAIResponses,
} from "@keel/fake-openai";
import { OpenAIResponsesProvider } from "@keel/provider";
import { afterEach, describe, expect, it } from "vitest";
import { makeAgent, testTools } from "./agent-fixtures.js";

type Item = Record<string, unknown> & { type: string };

let server: FakeResponsesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("Agent runs a 20-turn tool loop over the OpenAI Responses API", () => {
  it("completes, answering every function_call by call_id in call order and carrying each reasoning item", async () => {
    const turns: FakeResponsesTurn[] = [];
    for (let t = 0; t < 20; t++) {
      turns.push({
        interleave: t % 2 === 1,
        usage: { input_tokens: 1000 + t, cached_tokens: 800, output_tokens: 50 },
        output: [
          { type: "reasoning", summary: [`Turn ${t}: plan the calls — café ☕.`] },
          { type: "message", text: `Batch ${t}.` },
          // Two read-only calls and a write per turn: the runner orders them, results keep call order.
          { type: "function_call", name: "Echo", arguments: { text: `a${t}` }, call_id: `call_${t}_a` },
          { type: "function_call", name: "Save", arguments: { text: `b${t}` }, call_id: `call_${t}_b` },
          { type: "function_call", name: "Echo", arguments: { text: `c${t}` }, call_id: `call_${t}_c` },
        ],
      });
    }
    turns.push({ output: [{ type: "message", text: "All twenty turns done." }] });
    server = await startFakeOpenAIResponses({ chunkBytes: 7, crlf: true, keepalive: true, script: turns });
    const calls: string[] = [];
    const provider = new OpenAIResponsesProvider({ apiKey: "sk-test", baseUrl: server.url });
    const { agent, events, store } = await makeAgent(provider, { tools: testTools(calls) });

    const result = await agent.run("do the 20 turns");

    expect(result).toMatchObject({ subtype: "success", result: "All twenty turns done.", numTurns: 21 });
    expect(server.requests.map((r) => r.status)).toEqual(Array(21).fill(200));
    expect(events.filter((e) => e.type === "retry")).toEqual([]);
    expect(calls.filter((c) => c.startsWith("Save"))).toEqual(turns.slice(0, 20).map((_, t) => `Save:b${t}`));
    expect(calls).toHaveLength(60);

    for (let t = 1; t <= 20; t++) {
      const input = (JSON.parse(server.requests[t]!.rawBody) as { input: Item[] }).input;
      const prev = t - 1;
      // The previous turn, as the model produced it: reasoning, text, three calls, then the outputs.
      expect(input.slice(-8)).toEqual([
        {
          type: "reasoning",
          id: `rs_fake_${t}`,
          summary: [{ type: "summary_text", text: `Turn ${prev}: plan the calls — café ☕.` }],
          encrypted_content: expect.stringMatching(/^gAAAAB-fake-/),
        },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: `Batch ${prev}.` }] },
        { type: "function_call", call_id: `call_${prev}_a`, name: "Echo", arguments: `{"text":"a${prev}"}` },
        { type: "function_call", call_id: `call_${prev}_b`, name: "Save", arguments: `{"text":"b${prev}"}` },
        { type: "function_call", call_id: `call_${prev}_c`, name: "Echo", arguments: `{"text":"c${prev}"}` },
        { type: "function_call_output", call_id: `call_${prev}_a`, output: `echo a${prev}` },
        { type: "function_call_output", call_id: `call_${prev}_b`, output: `saved b${prev}` },
        { type: "function_call_output", call_id: `call_${prev}_c`, output: `echo c${prev}` },
      ]);
      // Every earlier turn is still there, each reasoning item once.
      expect(input.filter((i) => i.type === "reasoning")).toHaveLength(t);
    }

    // Usage is summed over the 21 responses, cached input apart from uncached.
    expect(result.usage.cacheReadInputTokens).toBe(20 * 800);
    const { loaded, log } = await store.open("s1");
    await log.close();
    expect(loaded.messages).toEqual(agent.messages);
    // 1 prompt + 20 × (assistant + results) + final answer.
    expect(loaded.messages).toHaveLength(42);
    expect(loaded.messages[1]?.content[0]).toMatchObject({ type: "thinking", thinking: expect.any(String) });
  });
});
