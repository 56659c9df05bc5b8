import { describe, expect, it } from "vitest";
import { ProviderError } from "../src/index.js";
import { collect, modelRequest, startAnthropic, userText } from "./anthropic-harness.js";

describe("Anthropic truncated tool calls", () => {
  it("puts a tool_use cut off by max_tokens in incompleteToolUses, not in the message", async () => {
    const { provider } = await startAnthropic({
      chunkBytes: 9,
      script: [
        {
          content: [
            { type: "text", text: "Writing two files." },
            { type: "tool_use", id: "toolu_ok", name: "Write", input: { file_path: "/a", content: "small" } },
            {
              type: "tool_use",
              id: "toolu_cut",
              name: "Write",
              input: { file_path: "/big.md", content: "# Title\n".repeat(50) },
            },
          ],
          truncateLastToolUse: true,
        },
      ],
    });
    const { events, response } = await collect(
      provider.stream(modelRequest([userText("write")]), new AbortController().signal),
    );
    expect(response.stopReason).toBe("max_tokens");
    expect(response.message.content).toEqual([
      { type: "text", text: "Writing two files." },
      { type: "tool_use", id: "toolu_ok", name: "Write", input: { file_path: "/a", content: "small" } },
    ]);
    expect(response.incompleteToolUses).toEqual([
      { id: "toolu_cut", name: "Write", reason: expect.stringMatching(/cut off by max_tokens/) },
    ]);
    // Its deltas were streamed (renderers may show them) but it never got a block_end.
    expect(events.some((e) => e.type === "tool_input_delta" && e.index === 2)).toBe(true);
    expect(events.some((e) => e.type === "block_end" && e.index === 2)).toBe(false);
  });

  it("throws a retryable network error when the connection drops before message_stop", async () => {
    const { provider } = await startAnthropic({
      script: [
        { content: [{ type: "text", text: "partial answer" }], faults: [{ kind: "reset", afterEvents: 3 }] },
      ],
    });
    const stream = provider.stream(modelRequest([userText("hi")]), new AbortController().signal);
    const error = await collect(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "network", retryable: true, status: null });
  });
});
