import type { ProviderEvent } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { AnthropicStreamAssembler } from "../src/index.js";
import { collect, modelRequest, startAnthropic, userText } from "./anthropic-harness.js";

describe("Anthropic usage accounting", () => {
  it("overwrites with message_delta's cumulative values and keeps fields it omits", () => {
    const assembler = new AnthropicStreamAssembler();
    const wire = [
      {
        type: "message_start",
        message: {
          id: "msg_1",
          model: "m",
          usage: {
            input_tokens: 12,
            cache_creation_input_tokens: 500,
            cache_read_input_tokens: 2000,
            output_tokens: 1,
          },
        },
      },
      { type: "message_delta", delta: { stop_reason: null }, usage: {} },
      { type: "message_delta", delta: { stop_reason: null }, usage: { output_tokens: 20 } },
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn" },
        usage: {
          input_tokens: 12,
          cache_read_input_tokens: 2000,
          output_tokens: 30,
          cache_creation_input_tokens: null,
        },
      },
      { type: "message_stop" },
    ];
    const usageEvents = wire
      .flatMap((e) => assembler.accept(e))
      .filter((e): e is Extract<ProviderEvent, { type: "usage" }> => e.type === "usage")
      .map((e) => e.usage.outputTokens);
    expect(usageEvents).toEqual([1, 1, 20, 30]);
    expect(assembler.finish().usage).toEqual({
      inputTokens: 12,
      outputTokens: 30,
      cacheCreationInputTokens: 500,
      cacheReadInputTokens: 2000,
    });
  });

  it("reports the server's totals once, not summed across message_start and message_delta", async () => {
    const { provider } = await startAnthropic({
      script: [
        {
          content: [{ type: "text", text: "ok" }],
          usage: {
            input_tokens: 7,
            output_tokens: 9,
            cache_creation_input_tokens: 3,
            cache_read_input_tokens: 4,
          },
        },
      ],
    });
    const { response } = await collect(
      provider.stream(modelRequest([userText("hi")]), new AbortController().signal),
    );
    expect(response.usage).toEqual({
      inputTokens: 7,
      outputTokens: 9,
      cacheCreationInputTokens: 3,
      cacheReadInputTokens: 4,
    });
    expect(response.message.usage).toEqual(response.usage);
  });
});
