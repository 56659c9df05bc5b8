import type { ProviderEvent } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { AnthropicStreamAssembler, ProviderError } from "../src/index.js";

const start = (usage: Record<string, number> = { input_tokens: 10, output_tokens: 1 }) => ({
  type: "message_start",
  message: { id: "msg_1", type: "message", role: "assistant", model: "m", content: [], usage },
});
const blockStart = (index: number, content_block: Record<string, unknown>) => ({
  type: "content_block_start",
  index,
  content_block,
});
const delta = (index: number, d: Record<string, unknown>) => ({
  type: "content_block_delta",
  index,
  delta: d,
});
const json = (index: number, partial_json: string) =>
  delta(index, { type: "input_json_delta", partial_json });
const stop = (index: number) => ({ type: "content_block_stop", index });
const messageDelta = (stop_reason: string | null, usage: Record<string, number> = {}) => ({
  type: "message_delta",
  delta: { stop_reason, stop_sequence: null },
  usage,
});

function run(wire: unknown[]): { events: ProviderEvent[]; assembler: AnthropicStreamAssembler } {
  const assembler = new AnthropicStreamAssembler();
  const events = wire.flatMap((e) => assembler.accept(e));
  return { events, assembler };
}

describe("Anthropic stream assembly", () => {
  it("routes interleaved deltas by index, not to the last block", () => {
    const { assembler } = run([
      start(),
      blockStart(0, { type: "tool_use", id: "toolu_a", name: "Read", input: {} }),
      blockStart(1, { type: "tool_use", id: "toolu_b", name: "Read", input: {} }),
      json(0, ""),
      json(1, '{"file_path":'),
      json(0, '{"file_path":'),
      { type: "ping" },
      json(1, '"/b"}'),
      json(0, '"/a"}'),
      stop(1),
      stop(0),
      messageDelta("tool_use", { output_tokens: 30 }),
      { type: "message_stop" },
    ]);
    expect(assembler.finish().message.content).toEqual([
      { type: "tool_use", id: "toolu_a", name: "Read", input: { file_path: "/a" } },
      { type: "tool_use", id: "toolu_b", name: "Read", input: { file_path: "/b" } },
    ]);
  });

  it("ignores unknown events, unknown deltas and unknown block types without failing", () => {
    const { assembler, events } = run([
      start(),
      { type: "some_future_event", payload: 1 },
      blockStart(0, { type: "text", text: "" }),
      delta(0, { type: "text_delta", text: "Hi" }),
      delta(0, { type: "citations_delta", citation: { cited_text: "x" } }),
      delta(0, { type: "future_delta", x: 1 }),
      stop(0),
      blockStart(1, { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} }),
      json(1, '{"query":"x"}'),
      stop(1),
      messageDelta("end_turn"),
      { type: "message_stop" },
    ]);
    expect(events.filter((e) => e.type === "text_delta")).toEqual([
      { type: "text_delta", index: 0, text: "Hi" },
    ]);
    expect(assembler.finish().message.content).toEqual([{ type: "text", text: "Hi" }]);
  });

  it("takes a redacted_thinking block with zero deltas as-is and keeps thinking with its signature", () => {
    const { assembler } = run([
      start(),
      blockStart(0, { type: "thinking", thinking: "", signature: "" }),
      delta(0, { type: "thinking_delta", thinking: "Check " }),
      delta(0, { type: "thinking_delta", thinking: "the test." }),
      delta(0, { type: "signature_delta", signature: "c2lnLTE=" }),
      stop(0),
      blockStart(1, { type: "redacted_thinking", data: "EmwKAhgBEgy=opaque" }),
      stop(1),
      blockStart(2, { type: "text", text: "" }),
      delta(2, { type: "text_delta", text: "Done." }),
      stop(2),
      messageDelta("end_turn"),
      { type: "message_stop" },
    ]);
    expect(assembler.finish().message.content).toEqual([
      { type: "thinking", thinking: "Check the test.", signature: "c2lnLTE=" },
      { type: "redacted_thinking", data: "EmwKAhgBEgy=opaque" },
      { type: "text", text: "Done." },
    ]);
  });

  it("treats a tool_use with no input deltas as input {} and one with unparsable JSON as incomplete", () => {
    const { assembler } = run([
      start(),
      blockStart(0, { type: "tool_use", id: "toolu_none", name: "TodoRead", input: {} }),
      stop(0),
      blockStart(1, { type: "tool_use", id: "toolu_bad", name: "Write", input: {} }),
      json(1, '{"file_path": "/x", "content": '),
      json(1, "oops}"),
      stop(1),
      messageDelta("tool_use"),
      { type: "message_stop" },
    ]);
    const response = assembler.finish();
    expect(response.message.content).toEqual([
      { type: "tool_use", id: "toolu_none", name: "TodoRead", input: {} },
    ]);
    expect(response.incompleteToolUses).toEqual([
      { id: "toolu_bad", name: "Write", reason: expect.stringMatching(/not valid JSON/) },
    ]);
  });

  it("maps unknown stop reasons to end_turn and drops empty text blocks", () => {
    const { assembler } = run([
      start(),
      blockStart(0, { type: "text", text: "" }),
      stop(0),
      messageDelta("some_new_reason"),
      { type: "message_stop" },
    ]);
    const response = assembler.finish();
    expect(response.stopReason).toBe("end_turn");
    expect(response.message.content).toEqual([]);
  });

  it("refuses to finish a stream that ended without message_stop", () => {
    const { assembler } = run([
      start(),
      blockStart(0, { type: "text", text: "" }),
      delta(0, { type: "text_delta", text: "Hel" }),
    ]);
    let thrown: unknown;
    try {
      assembler.finish();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderError);
    expect(thrown).toMatchObject({ kind: "network", retryable: true, status: null });
    expect((thrown as Error).message).toMatch(/ended before message_stop/);
  });
});
