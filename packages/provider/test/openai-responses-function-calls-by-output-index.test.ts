import { describe, expect, it } from "vitest";
import { OpenAIResponsesProvider } from "../src/openai-responses/index.js";
import {
  collect,
  modelRequest,
  serveRawSse,
  signal,
  sse,
  startResponses,
  userText,
} from "./openai-responses-harness.js";

describe("OpenAI Responses: function calls are matched by output_index / item_id, never 'the last'", () => {
  it("argument deltas that name only their item_id, interleaved across two calls, land on the right call", async () => {
    const added = (index: number, id: string, callId: string, name: string) => ({
      type: "response.output_item.added",
      output_index: index,
      item: { id, type: "function_call", call_id: callId, name, arguments: "", status: "in_progress" },
    });
    const delta = (id: string, piece: string) => ({
      type: "response.function_call_arguments.delta",
      item_id: id,
      delta: piece,
    });
    const body = sse([
      { type: "response.created", response: { id: "resp_1", model: "m", output: [] } },
      added(0, "fc_a", "call_a", "Read"),
      added(1, "fc_b", "call_b", "Grep"),
      delta("fc_b", '{"pattern":'),
      delta("fc_a", '{"file_path":'),
      delta("fc_b", '"TODO"}'),
      delta("fc_a", '"/x"}'),
      { type: "response.function_call_arguments.done", item_id: "fc_b", arguments: '{"pattern":"TODO"}' },
      { type: "response.function_call_arguments.done", item_id: "fc_a", arguments: '{"file_path":"/x"}' },
      {
        type: "response.completed",
        response: { id: "resp_1", status: "completed", usage: { input_tokens: 10, output_tokens: 5 } },
      },
    ]);
    const { url } = await serveRawSse(body, 11);
    const provider = new OpenAIResponsesProvider({ apiKey: "k", baseUrl: url });
    const { events, response } = await collect(provider.stream(modelRequest([userText("go")]), signal()));
    expect(response.message.content).toEqual([
      { type: "tool_use", id: "call_a", name: "Read", input: { file_path: "/x" } },
      { type: "tool_use", id: "call_b", name: "Grep", input: { pattern: "TODO" } },
    ]);
    expect(response.stopReason).toBe("tool_use");
    const starts = events.filter((e) => e.type === "block_start");
    expect(starts).toEqual([
      { type: "block_start", index: 0, block: { type: "tool_use", id: "call_a", name: "Read" } },
      { type: "block_start", index: 1, block: { type: "tool_use", id: "call_b", name: "Grep" } },
    ]);
    const deltas = events.filter((e) => e.type === "tool_input_delta");
    expect(deltas.map((e) => (e.type === "tool_input_delta" ? [e.index, e.partialJson] : []))).toEqual([
      [1, '{"pattern":'],
      [0, '{"file_path":'],
      [1, '"TODO"}'],
      [0, '"/x"}'],
    ]);
  });

  it("three interleaved calls from the fake keep their own call_ids and arguments", async () => {
    const { provider } = await startResponses({
      chunkBytes: 6,
      script: [
        {
          interleave: true,
          output: [
            { type: "function_call", name: "Read", arguments: { file_path: "/1" } },
            { type: "function_call", name: "Read", arguments: { file_path: "/2" } },
            { type: "function_call", name: "Write", arguments: { file_path: "/3", content: "x".repeat(40) } },
          ],
        },
      ],
    });
    const { response } = await collect(provider.stream(modelRequest([userText("go")]), signal()));
    expect(response.message.content).toEqual([
      { type: "tool_use", id: "call_fake_1", name: "Read", input: { file_path: "/1" } },
      { type: "tool_use", id: "call_fake_2", name: "Read", input: { file_path: "/2" } },
      {
        type: "tool_use",
        id: "call_fake_3",
        name: "Write",
        input: { file_path: "/3", content: "x".repeat(40) },
      },
    ]);
  });

  it("response.incomplete (max_output_tokens): the cut-off call is reported, never returned as runnable", async () => {
    const { provider } = await startResponses({
      script: [
        {
          incomplete: "max_output_tokens",
          output: [
            { type: "message", text: "Writing two files." },
            {
              type: "function_call",
              name: "Write",
              arguments: { file_path: "/a", content: "aaa" },
              call_id: "c1",
            },
            {
              type: "function_call",
              name: "Write",
              arguments: { file_path: "/b", content: "b".repeat(60) },
              call_id: "c2",
            },
          ],
        },
      ],
    });
    const { response } = await collect(provider.stream(modelRequest([userText("go")]), signal()));
    expect(response.stopReason).toBe("max_tokens");
    expect(response.message.content).toEqual([
      { type: "text", text: "Writing two files." },
      { type: "tool_use", id: "c1", name: "Write", input: { file_path: "/a", content: "aaa" } },
    ]);
    expect(response.incompleteToolUses).toEqual([
      { id: "c2", name: "Write", reason: expect.stringMatching(/cut off by max_output_tokens/) },
    ]);
  });

  it("response.incomplete cutting a text answer keeps the partial text with stop reason max_tokens", async () => {
    const { provider } = await startResponses({
      script: [{ incomplete: "max_output_tokens", output: [{ type: "message", text: "abcdefghijkl" }] }],
    });
    const { response } = await collect(provider.stream(modelRequest([userText("go")]), signal()));
    expect(response.stopReason).toBe("max_tokens");
    expect(response.message.content).toEqual([{ type: "text", text: "abcdef" }]);
  });

  it("arguments that are not a JSON object are reported as incomplete, not run", async () => {
    const { provider } = await startResponses({
      script: [
        { output: [{ type: "function_call", name: "Read", arguments: '{"file_path": ', call_id: "bad" }] },
      ],
    });
    const { response } = await collect(provider.stream(modelRequest([userText("go")]), signal()));
    expect(response.message.content).toEqual([]);
    expect(response.incompleteToolUses).toEqual([
      { id: "bad", name: "Read", reason: expect.stringMatching(/not a valid JSON object/) },
    ]);
  });
});
