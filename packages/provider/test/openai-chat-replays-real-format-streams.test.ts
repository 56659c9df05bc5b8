// Wire-level replays: streams written in the shape of real Chat Completions recordings (data-only
// frames, usage-only final chunk with `choices: []`, `[DONE]`), served byte for byte and split at
// many chunk sizes, through the real `openai` SDK and the adapter.
import type { ProviderEvent } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../src/index.js";
import { OpenAIChatProvider } from "../src/openai-chat/index.js";
import {
  chatRequest,
  collect,
  collectError,
  serveRawSse,
  signal,
  sse,
  userText,
} from "./openai-chat-harness.js";

const base = {
  id: "chatcmpl-R1",
  object: "chat.completion.chunk",
  created: 1727346178,
  model: "gpt-4o-2024-08-06",
};
const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null) => ({
  ...base,
  system_fingerprint: "fp_5050236cbd",
  choices: [{ index: 0, delta, logprobs: null, finish_reason }],
});
const call = (index: number, extra: Record<string, unknown>) => chunk({ tool_calls: [{ index, ...extra }] });
const args = (index: number, piece: string) => call(index, { function: { arguments: piece } });
const usageChunk = {
  ...base,
  choices: [],
  usage: {
    prompt_tokens: 149,
    completion_tokens: 60,
    total_tokens: 209,
    prompt_tokens_details: { cached_tokens: 128 },
    completion_tokens_details: { reasoning_tokens: 0 },
  },
};

/** Two parallel calls, their argument fragments interleaved, then finish, usage, [DONE] and garbage after it. */
const PARALLEL = [
  chunk({ role: "assistant", content: null }),
  call(0, { id: "call_JMW1", type: "function", function: { name: "get_weather", arguments: "" } }),
  call(1, { id: "call_DNYT", type: "function", function: { name: "get_stock_price", arguments: "" } }),
  args(0, '{"ci'),
  args(1, '{"ti'),
  args(0, 'ty": "Edinb'),
  args(1, 'cker": "AAPL"'),
  args(0, 'urgh — ☃"}'),
  args(1, "}"),
  chunk({}, "tool_calls"),
  usageChunk,
  "[DONE]",
  { ...base, choices: [{ index: 0, delta: { content: "after DONE: must be ignored" } }] },
];

const EXPECTED_CALLS = [
  { type: "tool_use", id: "call_JMW1", name: "get_weather", input: { city: "Edinburgh — ☃" } },
  { type: "tool_use", id: "call_DNYT", name: "get_stock_price", input: { ticker: "AAPL" } },
];

async function replay(text: string, chunkBytes?: number) {
  const { url } = await serveRawSse(text, chunkBytes);
  const provider = new OpenAIChatProvider({ apiKey: "sk-test", baseUrl: url });
  return provider.stream(chatRequest([userText("go")]), signal());
}

describe("Chat Completions replays of real-format streams", () => {
  it.each([undefined, 1, 2, 3, 7, 64])(
    "assembles two interleaved parallel tool calls by index, reads the usage-only chunk and stops at [DONE] (chunkBytes %s)",
    async (chunkBytes) => {
      const { events, response } = await collect(await replay(sse(PARALLEL), chunkBytes));
      expect(response.message.content).toEqual(EXPECTED_CALLS);
      expect(response.stopReason).toBe("tool_use");
      expect(response.usage).toEqual({
        inputTokens: 21,
        outputTokens: 60,
        cacheCreationInputTokens: 0,
        cacheReadInputTokens: 128,
      });
      expect(response.message.id).toBe("chatcmpl-R1");
      expect(
        events.filter((e) => e.type === "block_start").map((e) => (e as { index: number }).index),
      ).toEqual([0, 1]);
      expect(events.filter((e) => e.type === "usage")).toHaveLength(1);
      expect(events.some((e) => e.type === "text_delta")).toBe(false);
    },
  );

  it("survives CRLF, a BOM, `data:` without a space, comments and JSON split over two data lines", async () => {
    const frames = sse(PARALLEL, "\r\n").replace('data: {"id"', 'data:{"id"');
    const split = `data: {"id":"chatcmpl-R1","choices":[{"index":0,\ndata: "delta":{"content":"x"}}]}\n\n`;
    const text = `\uFEFF: OPENROUTER PROCESSING\r\n\r\n${split}${frames}`;
    const { response } = await collect(await replay(text, 5));
    expect(response.message.content).toEqual([{ type: "text", text: "x" }, ...EXPECTED_CALLS]);
  });

  it("throws a retryable mid-stream error for an error object inside a data frame, after the deltas it saw", async () => {
    const text = sse([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Partial" }),
      {
        error: {
          message: "The server had an error processing your request.",
          type: "server_error",
          param: null,
          code: null,
        },
      },
      chunk({}, "stop"),
      "[DONE]",
    ]);
    const { events, error } = await collectError(await replay(text, 9));
    expect(events.filter((e) => e.type === "text_delta")).toEqual([
      { type: "text_delta", index: 0, text: "Partial" },
    ]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "server", retryable: true, status: null });
    expect((error as Error).message).toMatch(/mid-response \(server_error\).*server had an error/);
  });

  it.each([
    [
      {
        type: "invalid_request_error",
        code: "context_length_exceeded",
        message: "This model's maximum context length is 128000 tokens.",
      },
      "context_overflow",
      false,
    ],
    [{ type: "tokens", code: "rate_limit_exceeded", message: "Rate limit reached" }, "rate_limit", true],
    [
      { type: "insufficient_quota", code: "insufficient_quota", message: "You exceeded your current quota" },
      "rate_limit",
      false,
    ],
    [{ code: 502, message: "Upstream error from provider" }, "server", true],
    [{ message: "something new" }, "server", true],
  ] as const)("classifies the error object %j inside data as %s", async (errorObject, kind, retryable) => {
    const text = sse([chunk({ role: "assistant", content: "" }), { error: errorObject }]);
    const { error } = await collectError(await replay(text));
    expect(error).toMatchObject({ kind, retryable, status: null });
  });

  it("treats an `event: error` frame like an error object in data", async () => {
    const text = `${sse([chunk({ content: "a" })])}event: error\ndata: {"error":{"message":"Overloaded","type":"overloaded_error"}}\n\n`;
    const { error } = await collectError(await replay(text));
    expect(error).toMatchObject({ kind: "overloaded", retryable: true, status: null });
  });

  it("accepts a stream cut after its finish_reason (usage lost → zeros), but not one cut before", async () => {
    const complete = await collect(await replay(sse([chunk({ content: "Done." }), chunk({}, "stop")])));
    expect(complete.response.message.content).toEqual([{ type: "text", text: "Done." }]);
    expect(complete.response.stopReason).toBe("end_turn");
    expect(complete.response.usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
    });

    const cut = await collectError(await replay(sse([chunk({ content: "Do" }), args(0, "")])));
    expect(cut.error).toMatchObject({ kind: "network", retryable: true, status: null });
    expect((cut.error as Error).message).toMatch(/ended before a finish_reason/);
  });

  it("puts a tool call cut off by finish_reason length in incompleteToolUses, never in the message", async () => {
    const text = sse([
      chunk({ content: "Writing." }),
      call(0, {
        id: "call_W",
        type: "function",
        function: { name: "Write", arguments: '{"file_path":"/a","con' },
      }),
      chunk({}, "length"),
      usageChunk,
      "[DONE]",
    ]);
    const { response } = await collect(await replay(text));
    expect(response.stopReason).toBe("max_tokens");
    expect(response.message.content).toEqual([{ type: "text", text: "Writing." }]);
    expect(response.incompleteToolUses).toEqual([
      { id: "call_W", name: "Write", reason: expect.stringMatching(/cut off by max_tokens/) },
    ]);
  });

  it("generates ids for calls sent without one, and splits calls that reuse index 0 with new ids", async () => {
    const text = sse([
      call(0, { type: "function", function: { name: "Read", arguments: "" } }),
      args(0, '{"file_path":"/a"}'),
      call(0, { id: "call_B", type: "function", function: { name: "Glob", arguments: '{"pattern"' } }),
      args(0, ':"*.ts"}'),
      call(0, { id: "call_C", type: "function", function: { name: "Grep", arguments: "{}" } }),
      call(1, { id: "call_D", type: "function", function: { name: "Write", arguments: '{"oops' } }),
      chunk({}, "tool_calls"),
      "[DONE]",
    ]);
    const { events, response } = await collect(await replay(text, 4));
    const [first, ...rest] = response.message.content;
    expect(first).toMatchObject({ type: "tool_use", name: "Read", input: { file_path: "/a" } });
    const generated = (first as { id: string }).id;
    expect(generated).toMatch(/^call_[0-9a-f]{24}$/);
    expect(events).toContainEqual({
      type: "block_start",
      index: 0,
      block: { type: "tool_use", id: generated, name: "Read" },
    });
    expect(rest).toEqual([
      { type: "tool_use", id: "call_B", name: "Glob", input: { pattern: "*.ts" } },
      { type: "tool_use", id: "call_C", name: "Grep", input: {} },
    ]);
    // Invalid JSON is never returned as a runnable call.
    expect(response.incompleteToolUses).toEqual([
      { id: "call_D", name: "Write", reason: expect.stringMatching(/not valid JSON/) },
    ]);
  });

  it("reads `reasoning` (not only `reasoning_content`), maps refusal and content_filter, and ignores null usage", async () => {
    const reasoning = await collect(
      await replay(
        sse([
          { ...chunk({ role: "assistant", reasoning: "Think" }), usage: null },
          { ...chunk({ reasoning: "ing." }), usage: null },
          { ...chunk({ content: "Answer." }), usage: null },
          { ...chunk({}, "stop"), usage: null },
          "[DONE]",
        ]),
      ),
    );
    expect(reasoning.response.message.content).toEqual([
      { type: "thinking", thinking: "Thinking.", signature: "" },
      { type: "text", text: "Answer." },
    ]);
    const deltaTypes = reasoning.events.map((e: ProviderEvent) => e.type);
    expect(deltaTypes.indexOf("thinking_delta")).toBeLessThan(deltaTypes.indexOf("text_delta"));

    const refusal = await collect(
      await replay(
        sse([
          chunk({ refusal: "I can't help with " }),
          chunk({ refusal: "that." }),
          chunk({}, "stop"),
          "[DONE]",
        ]),
      ),
    );
    expect(refusal.response.message.content).toEqual([{ type: "text", text: "I can't help with that." }]);
    expect(refusal.response.stopReason).toBe("refusal");

    const filtered = await collect(
      await replay(sse([chunk({ content: "Par" }), chunk({}, "content_filter"), "[DONE]"])),
    );
    expect(filtered.response.stopReason).toBe("refusal");
  });
});
