import type { Message } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import {
  collect,
  inputOf,
  modelRequest,
  signal,
  startResponses,
  userText,
} from "./openai-responses-harness.js";

const toolResult = (toolUseId: string, content: string): Message => ({
  role: "user",
  content: [{ type: "tool_result", toolUseId, content }],
});

describe("OpenAI Responses: reasoning items and function calls travel back on the next request", () => {
  it("sends the reasoning item (id + encrypted content) before its function_call, answered by call_id", async () => {
    const { server, provider } = await startResponses({
      script: [
        {
          output: [
            { type: "reasoning", summary: ["Need the file first."], encrypted_content: "gAAAAB-secret-1" },
            {
              type: "function_call",
              name: "Read",
              arguments: { file_path: "/a" },
              id: "fc_1",
              call_id: "call_1",
            },
          ],
        },
        { output: [{ type: "message", text: "It says hello." }] },
      ],
    });
    const history: Message[] = [userText("what is in /a?")];
    const first = await collect(provider.stream(modelRequest(history), signal()));
    history.push(first.response.message, toolResult("call_1", "hello"));
    const second = await collect(provider.stream(modelRequest(history), signal()));

    expect(second.response.message.content).toEqual([{ type: "text", text: "It says hello." }]);
    expect(server.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(inputOf(server, 1)).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "what is in /a?" }] },
      {
        type: "reasoning",
        id: "rs_fake_1",
        summary: [{ type: "summary_text", text: "Need the file first." }],
        encrypted_content: "gAAAAB-secret-1",
      },
      // The call is answered by call_id; the fc_ item id is never sent.
      { type: "function_call", call_id: "call_1", name: "Read", arguments: '{"file_path":"/a"}' },
      { type: "function_call_output", call_id: "call_1", output: "hello" },
    ]);
  });

  it("carries a reasoning item without a summary as redacted thinking", async () => {
    const { server, provider } = await startResponses({
      script: [
        { output: [{ type: "reasoning" }, { type: "message", text: "Short answer." }] },
        { output: [{ type: "message", text: "Again." }] },
      ],
    });
    const history: Message[] = [userText("q1")];
    const first = await collect(provider.stream(modelRequest(history), signal()));
    expect(first.response.message.content.map((b) => b.type)).toEqual(["redacted_thinking", "text"]);
    expect(first.events).toContainEqual({
      type: "block_start",
      index: 0,
      block: { type: "redacted_thinking" },
    });
    history.push(first.response.message, userText("q2"));
    await collect(provider.stream(modelRequest(history), signal()));

    const input = inputOf(server, 1);
    expect(input.map((i) => i.type)).toEqual(["message", "reasoning", "message", "message"]);
    expect(input[1]).toMatchObject({ id: "rs_fake_1", summary: [], encrypted_content: expect.any(String) });
    expect(input[2]).toEqual({
      type: "message",
      role: "assistant",
      content: [{ type: "output_text", text: "Short answer." }],
    });
    expect(server.requests[1]!.status).toBe(200);
  });

  it("drops another provider's thinking (Anthropic signatures) instead of sending it", async () => {
    const { server, provider } = await startResponses({
      script: [{ output: [{ type: "message", text: "Continuing." }] }],
    });
    const history: Message[] = [
      userText("start"),
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "Anthropic thoughts", signature: "EqQBCkYIBxgCKkDsig==" },
          { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix/LafPsn4a" },
          { type: "text", text: "Reading." },
          { type: "tool_use", id: "toolu_01", name: "Read", input: { file_path: "/a" } },
        ],
      },
      toolResult("toolu_01", "contents"),
    ];
    await collect(provider.stream(modelRequest(history), signal()));
    expect(server.requests[0]!.status).toBe(200);
    expect(inputOf(server, 0).map((i) => i.type)).toEqual([
      "message",
      "message",
      "function_call",
      "function_call_output",
    ]);
    expect(server.requests[0]!.rawBody).not.toContain("Anthropic thoughts");
  });

  it("without encrypted content (include turned off, store false) no reasoning item is sent back", async () => {
    const { server, provider } = await startResponses(
      {
        script: [
          {
            output: [
              { type: "reasoning", summary: ["thinking"] },
              { type: "function_call", name: "Read", arguments: { file_path: "/a" }, call_id: "call_1" },
            ],
          },
          { output: [{ type: "message", text: "done" }] },
        ],
      },
      { includeEncryptedReasoning: false },
    );
    const history: Message[] = [userText("q")];
    const first = await collect(provider.stream(modelRequest(history), signal()));
    history.push(first.response.message, toolResult("call_1", "x"));
    await collect(provider.stream(modelRequest(history), signal()));

    expect(JSON.parse(server.requests[0]!.rawBody)).not.toHaveProperty("include");
    // The id alone would be answered with 404 "Items are not persisted when store is false".
    expect(inputOf(server, 1).map((i) => i.type)).toEqual([
      "message",
      "function_call",
      "function_call_output",
    ]);
    expect(server.requests[1]!.status).toBe(200);
  });

  it("with store: true the reasoning item goes back by id, without include", async () => {
    const { server, provider } = await startResponses(
      {
        script: [
          {
            output: [
              { type: "reasoning", summary: ["thinking"] },
              { type: "function_call", name: "Read", arguments: { file_path: "/a" }, call_id: "call_1" },
            ],
          },
          { output: [{ type: "message", text: "done" }] },
        ],
      },
      { store: true },
    );
    const history: Message[] = [userText("q")];
    const first = await collect(provider.stream(modelRequest(history), signal()));
    history.push(first.response.message, toolResult("call_1", "x"));
    await collect(provider.stream(modelRequest(history), signal()));

    const body = JSON.parse(server.requests[1]!.rawBody) as Record<string, unknown>;
    expect(body.store).toBe(true);
    expect(body).not.toHaveProperty("include");
    expect(inputOf(server, 1)[1]).toEqual({
      type: "reasoning",
      id: "rs_fake_1",
      summary: [{ type: "summary_text", text: "thinking" }],
    });
    expect(server.requests[1]!.status).toBe(200);
  });
});
