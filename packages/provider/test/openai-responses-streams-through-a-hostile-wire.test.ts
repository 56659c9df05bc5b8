import type { ProviderEvent } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { decodeResponsesReasoning } from "../src/openai-responses/index.js";
import {
  collect,
  inputOf,
  modelRequest,
  signal,
  startResponses,
  userText,
} from "./openai-responses-harness.js";

const turn = {
  usage: { input_tokens: 1200, cached_tokens: 1000, output_tokens: 77 },
  output: [
    { type: "reasoning" as const, summary: ["Plan: read both files — café ☕.", "Then answer."] },
    { type: "message" as const, text: ["Reading ", "two files — naïve ✓."] },
    { type: "function_call" as const, name: "Read", arguments: { file_path: "/r/é.txt" }, call_id: "call_a" },
    { type: "function_call" as const, name: "Read", arguments: { file_path: "/r/b.txt" }, call_id: "call_b" },
  ],
};

describe("OpenAI Responses: a hostile wire (7-byte chunks, CRLF, keep-alive comments, interleaved items)", () => {
  for (const interleave of [false, true]) {
    it(`assembles reasoning, text parts and two function calls by output_index (interleave ${interleave})`, async () => {
      const { server, provider } = await startResponses({
        chunkBytes: 7,
        crlf: true,
        keepalive: true,
        script: [{ ...turn, interleave }],
      });
      const { events, response } = await collect(provider.stream(modelRequest([userText("go")]), signal()));

      expect(events[0]).toMatchObject({ type: "message_start", id: "resp_fake_1", model: "gpt-test-1" });
      expect(response.stopReason).toBe("tool_use");
      expect(response.incompleteToolUses).toEqual([]);
      const content = response.message.content;
      expect(content.map((b) => b.type)).toEqual(["thinking", "text", "text", "tool_use", "tool_use"]);
      expect(content[0]).toMatchObject({
        type: "thinking",
        thinking: "Plan: read both files — café ☕.\n\nThen answer.",
      });
      const signature = content[0]?.type === "thinking" ? content[0].signature : "";
      expect(decodeResponsesReasoning(signature)).toEqual({
        id: "rs_fake_1",
        encryptedContent: expect.stringMatching(/^gAAAAB-fake-/),
      });
      expect(content.slice(1)).toEqual([
        { type: "text", text: "Reading " },
        { type: "text", text: "two files — naïve ✓." },
        { type: "tool_use", id: "call_a", name: "Read", input: { file_path: "/r/é.txt" } },
        { type: "tool_use", id: "call_b", name: "Read", input: { file_path: "/r/b.txt" } },
      ]);
      // input_tokens includes the cached ones; Keel counts them apart.
      expect(response.usage).toEqual({
        inputTokens: 200,
        outputTokens: 77,
        cacheCreationInputTokens: 0,
        cacheReadInputTokens: 1000,
      });

      // Every delta is addressed to the block its block_start announced, and replays the final text.
      const starts = new Map<number, ProviderEvent & { type: "block_start" }>();
      const text = new Map<number, string>();
      for (const e of events) {
        if (e.type === "block_start") {
          expect(starts.has(e.index)).toBe(false);
          starts.set(e.index, e);
        }
        if (e.type === "text_delta" || e.type === "thinking_delta" || e.type === "tool_input_delta") {
          expect(starts.has(e.index)).toBe(true);
          const piece =
            e.type === "text_delta" ? e.text : e.type === "thinking_delta" ? e.thinking : e.partialJson;
          text.set(e.index, (text.get(e.index) ?? "") + piece);
        }
      }
      const byToolId = (id: string) =>
        [...starts.values()].find((s) => s.block.type === "tool_use" && s.block.id === id)!.index;
      expect(text.get(byToolId("call_a"))).toBe(JSON.stringify({ file_path: "/r/é.txt" }));
      expect(text.get(byToolId("call_b"))).toBe(JSON.stringify({ file_path: "/r/b.txt" }));
      expect([...text.values()]).toContain("Plan: read both files — café ☕.\n\nThen answer.");
      expect(events.filter((e) => e.type === "block_end")).toHaveLength(starts.size);
      expect(events.at(-2)).toMatchObject({ type: "usage" });

      // The request was a streaming, stateless one that asked for encrypted reasoning.
      const body = JSON.parse(server.requests[0]!.rawBody) as Record<string, unknown>;
      expect(body).toMatchObject({ stream: true, store: false, include: ["reasoning.encrypted_content"] });
      expect(inputOf(server, 0)).toEqual([
        { type: "message", role: "user", content: [{ type: "input_text", text: "go" }] },
      ]);
    });
  }

  it("streams a text-only answer with stop reason end_turn", async () => {
    const { provider } = await startResponses({
      chunkBytes: 3,
      script: [{ output: [{ type: "message", text: "Hi there! How can I help?" }] }],
    });
    const { events, response } = await collect(provider.stream(modelRequest([userText("hi")]), signal()));
    expect(response.stopReason).toBe("end_turn");
    expect(response.message.content).toEqual([{ type: "text", text: "Hi there! How can I help?" }]);
    expect(
      events
        .filter((e) => e.type === "text_delta")
        .map((e) => (e.type === "text_delta" ? e.text : ""))
        .join(""),
    ).toBe("Hi there! How can I help?");
  });
});
