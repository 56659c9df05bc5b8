import type { ProviderEvent } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { collect, modelRequest, startAnthropic, userText, wireBody } from "./anthropic-harness.js";

const TEXT = "Héllo wörld — let me read it ✓ 😀";

describe("Anthropic adapter over a hostile wire (7-byte chunks, CRLF, pings)", () => {
  it("assembles text and a tool call, then sends the tool result back in the next request", async () => {
    const { server, provider } = await startAnthropic({
      chunkBytes: 7,
      crlf: true,
      pings: true,
      script: [
        {
          content: [
            { type: "text", text: TEXT },
            { type: "tool_use", id: "toolu_A", name: "Read", input: { file_path: "/r/ä.ts", limit: 20 } },
          ],
          usage: { input_tokens: 310, cache_read_input_tokens: 2048, output_tokens: 41 },
        },
        { content: [{ type: "text", text: "It is a TypeScript file." }] },
      ],
    });

    const first = await collect(
      provider.stream(modelRequest([userText("read ä.ts")]), new AbortController().signal),
    );
    const texts = first.events.filter(
      (e): e is Extract<ProviderEvent, { type: "text_delta" }> => e.type === "text_delta",
    );
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.map((e) => e.text).join("")).toBe(TEXT);
    expect(texts.every((e) => e.index === 0)).toBe(true);
    const toolDeltas = first.events.filter(
      (e): e is Extract<ProviderEvent, { type: "tool_input_delta" }> => e.type === "tool_input_delta",
    );
    expect(toolDeltas.every((e) => e.index === 1 && e.partialJson !== "")).toBe(true);
    expect(first.events[0]).toMatchObject({ type: "message_start", model: "claude-test-1" });
    expect(first.events).toContainEqual({
      type: "block_start",
      index: 1,
      block: { type: "tool_use", id: "toolu_A", name: "Read" },
    });
    expect(first.response.message.content).toEqual([
      { type: "text", text: TEXT },
      { type: "tool_use", id: "toolu_A", name: "Read", input: { file_path: "/r/ä.ts", limit: 20 } },
    ]);
    expect(first.response.stopReason).toBe("tool_use");
    expect(first.response.usage).toEqual({
      inputTokens: 310,
      outputTokens: 41,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 2048,
    });
    expect(first.response.incompleteToolUses).toEqual([]);

    const history = [
      userText("read ä.ts"),
      first.response.message,
      {
        role: "user" as const,
        content: [{ type: "tool_result" as const, toolUseId: "toolu_A", content: "export {}" }],
      },
    ];
    const second = await collect(provider.stream(modelRequest(history), new AbortController().signal));
    expect(second.response.message.content).toEqual([{ type: "text", text: "It is a TypeScript file." }]);
    expect(second.response.stopReason).toBe("end_turn");

    expect(server.requests.map((r) => r.status)).toEqual([200, 200]);
    const sent = wireBody(server, 1);
    expect(sent.messages[1]?.content).toEqual([
      { type: "text", text: TEXT },
      { type: "tool_use", id: "toolu_A", name: "Read", input: { file_path: "/r/ä.ts", limit: 20 } },
    ]);
    expect(sent.messages[2]?.content[0]).toMatchObject({
      type: "tool_result",
      tool_use_id: "toolu_A",
      content: "export {}",
    });
    expect(server.requests[0]?.headers.authorization ?? server.requests[0]?.headers["x-api-key"]).toContain(
      "test-key",
    );
    expect(server.requests[0]?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("keeps several tool_use blocks apart by index", async () => {
    const { provider } = await startAnthropic({
      chunkBytes: 11,
      script: [
        {
          content: [
            { type: "text", text: "Reading both." },
            { type: "tool_use", name: "Read", input: { file_path: "/a" } },
            { type: "tool_use", name: "Read", input: { file_path: "/b" } },
            { type: "tool_use", name: "Glob", input: {} },
          ],
        },
      ],
    });
    const { events, response } = await collect(
      provider.stream(modelRequest([userText("go")]), new AbortController().signal),
    );
    expect(response.message.content.slice(1)).toEqual([
      { type: "tool_use", id: "toolu_1", name: "Read", input: { file_path: "/a" } },
      { type: "tool_use", id: "toolu_2", name: "Read", input: { file_path: "/b" } },
      { type: "tool_use", id: "toolu_3", name: "Glob", input: {} },
    ]);
    const joined = (index: number) =>
      events
        .filter(
          (e): e is Extract<ProviderEvent, { type: "tool_input_delta" }> => e.type === "tool_input_delta",
        )
        .filter((e) => e.index === index)
        .map((e) => e.partialJson)
        .join("");
    expect(joined(1)).toBe('{"file_path":"/a"}');
    expect(joined(2)).toBe('{"file_path":"/b"}');
    expect(events.filter((e) => e.type === "block_end").map((e) => (e as { index: number }).index)).toEqual([
      0, 1, 2, 3,
    ]);
  });
});
