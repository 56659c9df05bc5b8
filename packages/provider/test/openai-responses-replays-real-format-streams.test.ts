// Hand-written streams in the exact shape of recorded Responses API streams (hosted-tool items
// before the function call, `obfuscation` padding, sequence numbers, both error shapes), each
// replayed through a real socket in one piece and split at several chunk sizes.
import { describe, expect, it } from "vitest";
import { ProviderError } from "../src/index.js";
import { OpenAIResponsesProvider } from "../src/openai-responses/index.js";
import {
  collect,
  failure,
  modelRequest,
  serveRawSse,
  signal,
  sse,
  userText,
} from "./openai-responses-harness.js";

const response = (status: string, extra: Record<string, unknown> = {}) => ({
  id: "resp_0a1",
  object: "response",
  created_at: 1772775522,
  status,
  error: null,
  incomplete_details: null,
  model: "gpt-5.4-2026-03-05",
  output: [],
  store: false,
  usage: null,
  ...extra,
});

const call = { id: "fc_0a1", type: "function_call", call_id: "call_pdd", name: "get_weather" };
const ARGS = '{"location":"San Francisco, CA","unit":"fahrenheit"}';
const ARG_PIECES = [
  '{"',
  "location",
  '":"',
  "San",
  " Francisco",
  ",",
  " CA",
  '","',
  "unit",
  '":"',
  "fahren",
  "heit",
  '"}',
];

/** A function call after two hosted tool_search items (output_index 2), deltas carrying item_id + obfuscation. */
function toolSearchThenCall(): string {
  let seq = 0;
  const n = () => seq++;
  const events: Array<Record<string, unknown>> = [
    { type: "response.created", response: response("in_progress"), sequence_number: n() },
    { type: "response.in_progress", response: response("in_progress"), sequence_number: n() },
    {
      type: "response.output_item.added",
      item: { id: "tsc_1", type: "tool_search_call", status: "in_progress", arguments: {}, call_id: null },
      output_index: 0,
      sequence_number: n(),
    },
    {
      type: "response.output_item.done",
      item: {
        id: "tsc_1",
        type: "tool_search_call",
        status: "completed",
        arguments: { paths: ["get_weather"] },
      },
      output_index: 0,
      sequence_number: n(),
    },
    {
      type: "response.output_item.added",
      item: { id: "tso_1", type: "tool_search_output", status: "in_progress", tools: [] },
      output_index: 1,
      sequence_number: n(),
    },
    {
      type: "response.output_item.done",
      item: { id: "tso_1", type: "tool_search_output", status: "completed", tools: [] },
      output_index: 1,
      sequence_number: n(),
    },
    {
      type: "response.output_item.added",
      item: { ...call, status: "in_progress", arguments: "" },
      output_index: 2,
      sequence_number: n(),
    },
    ...ARG_PIECES.map((delta, i) => ({
      type: "response.function_call_arguments.delta",
      delta,
      item_id: "fc_0a1",
      obfuscation: "x".repeat(i + 3),
      output_index: 2,
      sequence_number: n(),
    })),
    {
      type: "response.function_call_arguments.done",
      arguments: ARGS,
      item_id: "fc_0a1",
      output_index: 2,
      sequence_number: n(),
    },
    {
      type: "response.output_item.done",
      item: { ...call, status: "completed", arguments: ARGS },
      output_index: 2,
      sequence_number: n(),
    },
    {
      type: "response.completed",
      response: response("completed", {
        usage: {
          input_tokens: 321,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 24,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 345,
        },
      }),
      sequence_number: n(),
    },
  ];
  return sse(events);
}

/** The recorded quota failure: `error` with the details nested in `error`, then `response.failed`. */
function errorThenFailed(shape: "nested" | "flat"): string {
  const error = {
    type: "insufficient_quota",
    code: "insufficient_quota",
    message: "You exceeded your current quota, please check your plan and billing details.",
    param: null,
  };
  return sse([
    { type: "response.created", sequence_number: 0, response: response("in_progress") },
    { type: "response.in_progress", sequence_number: 1, response: response("in_progress") },
    shape === "nested"
      ? { type: "error", sequence_number: 2, error }
      : { type: "error", sequence_number: 2, code: error.code, message: error.message, param: null },
    {
      type: "response.failed",
      sequence_number: 3,
      response: response("failed", { error: { code: error.code, message: error.message } }),
    },
  ]);
}

const provider = (url: string) => new OpenAIResponsesProvider({ apiKey: "sk-test", baseUrl: url });

describe("OpenAI Responses: replays of real-format streams", () => {
  for (const chunkBytes of [0, 1, 2, 5, 13]) {
    it(`hosted items then a function call at output_index 2 (chunks of ${chunkBytes || "all"} bytes)`, async () => {
      const { url, bodies } = await serveRawSse(toolSearchThenCall(), chunkBytes);
      const { events, response: result } = await collect(
        provider(url).stream(modelRequest([userText("weather?")]), signal()),
      );
      expect(result.message.content).toEqual([
        { type: "tool_use", id: "call_pdd", name: "get_weather", input: JSON.parse(ARGS) },
      ]);
      expect(result.stopReason).toBe("tool_use");
      expect(result.message).toMatchObject({ id: "resp_0a1", model: "gpt-5.4-2026-03-05" });
      expect(result.usage).toMatchObject({ inputTokens: 321, outputTokens: 24 });
      const deltas = events.filter((e) => e.type === "tool_input_delta");
      expect(deltas).toHaveLength(ARG_PIECES.length);
      expect(deltas.map((e) => (e.type === "tool_input_delta" ? e.partialJson : "")).join("")).toBe(ARGS);
      expect(JSON.parse(bodies[0]!)).toMatchObject({ model: "gpt-test-1", stream: true });
    });
  }

  it("the same stream with CRLF line endings gives the same message", async () => {
    const { url } = await serveRawSse(toolSearchThenCall().replaceAll("\n", "\r\n"), 4);
    const { response: result } = await collect(provider(url).stream(modelRequest([userText("w")]), signal()));
    expect(result.message.content).toEqual([
      { type: "tool_use", id: "call_pdd", name: "get_weather", input: JSON.parse(ARGS) },
    ]);
  });

  for (const shape of ["nested", "flat"] as const) {
    it(`an error event (${shape} shape) followed by response.failed throws a classified error`, async () => {
      const { url } = await serveRawSse(errorThenFailed(shape), 3);
      const error = await failure(provider(url).stream(modelRequest([userText("hi")]), signal()));
      expect(error).toBeInstanceOf(ProviderError);
      // An exhausted quota is not a throttle: retrying cannot help.
      expect(error).toMatchObject({ kind: "rate_limit", retryable: false, status: null });
      expect((error as Error).message).toMatch(/insufficient_quota/);
      expect((error as Error).message).toMatch(/exceeded your current quota/);
    });
  }

  it("response.failed alone (no error event) throws with the response's error code", async () => {
    const body = sse([
      { type: "response.created", sequence_number: 0, response: response("in_progress") },
      {
        type: "response.failed",
        sequence_number: 1,
        response: response("failed", { error: { code: "server_error", message: "Something went wrong." } }),
      },
    ]);
    const { url } = await serveRawSse(body);
    const error = await failure(provider(url).stream(modelRequest([userText("hi")]), signal()));
    expect(error).toMatchObject({ kind: "server", retryable: true, status: null });
    expect((error as Error).message).toMatch(/server_error.*Something went wrong/);
  });

  it("an error event that is not framed with `event: error` still fails the stream", async () => {
    const body = `data: ${JSON.stringify({ type: "response.created", sequence_number: 0, response: response("in_progress") })}\n\ndata: ${JSON.stringify({ type: "error", sequence_number: 1, code: "context_length_exceeded", message: "Your input exceeds the context window of this model.", param: "input" })}\n\n`;
    const { url } = await serveRawSse(body);
    const error = await failure(provider(url).stream(modelRequest([userText("hi")]), signal()));
    expect(error).toMatchObject({ kind: "context_overflow", retryable: false });
  });

  it("a stream that ends cleanly before response.completed is a retryable network error", async () => {
    const body = toolSearchThenCall().split("event: response.completed")[0]!;
    const { url } = await serveRawSse(body, 9);
    const error = await failure(provider(url).stream(modelRequest([userText("hi")]), signal()));
    expect(error).toMatchObject({ kind: "network", retryable: true });
    expect((error as Error).message).toMatch(/before response\.completed/);
  });
});
