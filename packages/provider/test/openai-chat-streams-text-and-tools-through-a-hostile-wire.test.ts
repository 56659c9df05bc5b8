import type { ProviderEvent } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { chatBody, chatRequest, collect, signal, startChat, userText } from "./openai-chat-harness.js";

const TEXT = "Héllo wörld — let me read it ✓ 😀";

const deltas = <T extends ProviderEvent["type"]>(events: ProviderEvent[], type: T) =>
  events.filter((e): e is Extract<ProviderEvent, { type: T }> => e.type === type);

describe("Chat Completions adapter over a hostile wire (7-byte chunks, CRLF, keep-alive comments)", () => {
  it("assembles reasoning, text and a tool call, then sends the tool result back as a tool message", async () => {
    const { server, provider } = await startChat({
      chunkBytes: 7,
      crlf: true,
      keepAlive: true,
      script: [
        {
          content: [
            { type: "reasoning", text: "The user wants ä.ts — read it." },
            { type: "text", text: TEXT },
            { type: "tool_call", id: "call_A", name: "Read", arguments: { file_path: "/r/ä.ts", limit: 20 } },
          ],
          usage: { prompt_tokens: 2358, cached_tokens: 2048, completion_tokens: 41 },
        },
        { content: [{ type: "text", text: "It is a TypeScript file." }] },
      ],
    });

    const first = await collect(provider.stream(chatRequest([userText("read ä.ts")]), signal()));
    const texts = deltas(first.events, "text_delta");
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.map((e) => e.text).join("")).toBe(TEXT);
    expect(texts.every((e) => e.index === 1)).toBe(true);
    expect(
      deltas(first.events, "thinking_delta")
        .map((e) => e.thinking)
        .join(""),
    ).toBe("The user wants ä.ts — read it.");
    expect(first.events[0]).toMatchObject({ type: "message_start", model: "gpt-test-1" });
    expect(first.events).toContainEqual({
      type: "block_start",
      index: 2,
      block: { type: "tool_use", id: "call_A", name: "Read" },
    });
    const toolDeltas = deltas(first.events, "tool_input_delta");
    expect(toolDeltas.every((e) => e.index === 2 && e.partialJson !== "")).toBe(true);
    expect(toolDeltas.map((e) => e.partialJson).join("")).toBe('{"file_path":"/r/ä.ts","limit":20}');
    expect(deltas(first.events, "block_end").map((e) => e.index)).toEqual([0, 1, 2]);

    expect(first.response.message.content).toEqual([
      { type: "thinking", thinking: "The user wants ä.ts — read it.", signature: "" },
      { type: "text", text: TEXT },
      { type: "tool_use", id: "call_A", name: "Read", input: { file_path: "/r/ä.ts", limit: 20 } },
    ]);
    expect(first.response.stopReason).toBe("tool_use");
    // prompt_tokens includes the cached part: uncached = 2358 − 2048.
    expect(first.response.usage).toEqual({
      inputTokens: 310,
      outputTokens: 41,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 2048,
    });
    expect(first.response.message.id).toMatch(/^chatcmpl-fake-/);
    expect(first.response.incompleteToolUses).toEqual([]);

    const history = [
      userText("read ä.ts"),
      first.response.message,
      {
        role: "user" as const,
        content: [{ type: "tool_result" as const, toolUseId: "call_A", content: "export {}" }],
      },
    ];
    const second = await collect(provider.stream(chatRequest(history), signal()));
    expect(second.response.message.content).toEqual([{ type: "text", text: "It is a TypeScript file." }]);
    expect(second.response.stopReason).toBe("end_turn");

    expect(server.requests.map((r) => r.status)).toEqual([200, 200]);
    const sent = chatBody(server, 1);
    expect(sent.messages.slice(1)).toEqual([
      { role: "user", content: "read ä.ts" },
      // Reasoning is not sent back (api.openai.com rejects it); text and the call are.
      {
        role: "assistant",
        content: TEXT,
        tool_calls: [
          {
            id: "call_A",
            type: "function",
            function: { name: "Read", arguments: '{"file_path":"/r/ä.ts","limit":20}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_A", content: "export {}" },
    ]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-test-key");
  });

  it("keeps two parallel tool calls apart when their fragments interleave (index 0, 1, 0, 1…)", async () => {
    const { provider } = await startChat({
      chunkBytes: 11,
      script: [
        {
          interleave: true,
          content: [
            { type: "text", text: "Reading both." },
            { type: "tool_call", name: "Read", arguments: { file_path: "/a" } },
            { type: "tool_call", name: "Read", arguments: { file_path: "/b" } },
            { type: "tool_call", name: "Glob", arguments: {} },
          ],
        },
      ],
    });
    const { events, response } = await collect(provider.stream(chatRequest([userText("go")]), signal()));
    expect(response.message.content.slice(1)).toEqual([
      { type: "tool_use", id: "call_fake_1", name: "Read", input: { file_path: "/a" } },
      { type: "tool_use", id: "call_fake_2", name: "Read", input: { file_path: "/b" } },
      { type: "tool_use", id: "call_fake_3", name: "Glob", input: {} },
    ]);
    const joined = (index: number) =>
      deltas(events, "tool_input_delta")
        .filter((e) => e.index === index)
        .map((e) => e.partialJson)
        .join("");
    expect(joined(1)).toBe('{"file_path":"/a"}');
    expect(joined(2)).toBe('{"file_path":"/b"}');
    expect(joined(3)).toBe("{}");
    // The deltas really did interleave on the wire.
    const order = deltas(events, "tool_input_delta").map((e) => e.index);
    expect(order.slice(0, 3)).toEqual([1, 2, 3]);
  });
});
