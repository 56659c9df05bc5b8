import type { Message } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import {
  estimateBlockTokens,
  estimateFrameTokens,
  estimateMessageTokens,
  estimateRequestTokens,
  estimateTextTokens,
  IMAGE_TOKENS,
} from "../src/index.js";

describe("token estimation", () => {
  it("counts prose at about four characters per token and JSON-dense text at three", () => {
    const prose = "the quick brown fox jumps over the lazy dog ".repeat(100);
    expect(estimateTextTokens(prose)).toBe(Math.ceil(prose.length / 4));
    const json = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, ok: true })));
    expect(estimateTextTokens(json)).toBe(Math.ceil(json.length / 3));
    expect(estimateTextTokens("")).toBe(0);
  });

  it("gives images a fixed cost whatever their size, inside tool results too", () => {
    const small = estimateBlockTokens({ type: "image", mediaType: "image/png", data: "AAAA" });
    const big = estimateBlockTokens({ type: "image", mediaType: "image/png", data: "A".repeat(500_000) });
    expect(small).toBe(big);
    expect(small).toBeGreaterThanOrEqual(IMAGE_TOKENS);
    const result = estimateBlockTokens({
      type: "tool_result",
      toolUseId: "t",
      content: [
        { type: "text", text: "x".repeat(400) },
        { type: "image", mediaType: "image/png", data: "A".repeat(100_000) },
      ],
    });
    expect(result).toBeGreaterThan(IMAGE_TOKENS + 100);
  });

  it("counts tool calls by their JSON input and adds framing per message", () => {
    const m: Message = {
      role: "assistant",
      content: [{ type: "tool_use", id: "t1", name: "Read", input: { file_path: "a".repeat(300) } }],
    };
    const tokens = estimateMessageTokens(m);
    expect(tokens).toBeGreaterThan(300 / 3);
    // Cached by identity: the same object gives the same number without recounting.
    expect(estimateMessageTokens(m)).toBe(tokens);
  });

  it("includes system prompt, context and tool definitions in a request", () => {
    const frame = {
      system: "s".repeat(4000),
      context: "c".repeat(4000),
      tools: [{ name: "Read", description: "d".repeat(3000), inputSchema: { type: "object" } }],
    };
    const frameTokens = estimateFrameTokens(frame);
    expect(frameTokens).toBeGreaterThan(2000 + 1000);
    const messages: Message[] = [{ role: "user", content: [{ type: "text", text: "hello" }] }];
    expect(estimateRequestTokens({ ...frame, messages })).toBe(
      frameTokens + estimateMessageTokens(messages[0]!),
    );
  });
});
