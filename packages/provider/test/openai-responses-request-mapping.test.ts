import type { Message } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import {
  encodeResponsesReasoning,
  reasoningEffortFor,
  toResponsesRequestBody,
} from "../src/openai-responses/index.js";
import { modelRequest, userText } from "./openai-responses-harness.js";

const stateless = { store: false, includeEncryptedReasoning: true };
const marker = (id: string, encryptedContent?: string) =>
  encodeResponsesReasoning(encryptedContent === undefined ? { id } : { id, encryptedContent });

describe("OpenAI Responses request mapping", () => {
  it("maps system, tools, limits and flags, with input as the last key", () => {
    const body = toResponsesRequestBody(modelRequest([userText("hi")], { temperature: 0.2 }), stateless);
    expect(Object.keys(body)).toEqual([
      "model",
      "instructions",
      "tools",
      "max_output_tokens",
      "temperature",
      "store",
      "include",
      "stream",
      "input",
    ]);
    expect(body).toMatchObject({
      model: "gpt-test-1",
      instructions: "You are a test assistant.",
      max_output_tokens: 1024,
      store: false,
      include: ["reasoning.encrypted_content"],
      stream: true,
    });
    expect(body.tools).toEqual([
      {
        type: "function",
        name: "Read",
        description: "Read a file",
        parameters: {
          type: "object",
          properties: { file_path: { type: "string" } },
          required: ["file_path"],
        },
        strict: false,
      },
    ]);
  });

  it("omits instructions, tools and include when there is nothing to send", () => {
    const body = toResponsesRequestBody(modelRequest([userText("hi")], { system: "", tools: [] }), {
      store: true,
      includeEncryptedReasoning: true,
    });
    expect(body).not.toHaveProperty("instructions");
    expect(body).not.toHaveProperty("tools");
    expect(body).not.toHaveProperty("include");
    expect(body.store).toBe(true);
  });

  it("puts context first in the first user message, and maps thinking to a reasoning effort", () => {
    const body = toResponsesRequestBody(
      modelRequest([userText("question")], {
        context: "Today is 2026-01-01.",
        thinking: { budgetTokens: 8000 },
      }),
      stateless,
    );
    expect(body.input[0]).toEqual({
      type: "message",
      role: "user",
      content: [
        { type: "input_text", text: "Today is 2026-01-01." },
        { type: "input_text", text: "question" },
      ],
    });
    expect(body.reasoning).toEqual({ effort: "medium", summary: "auto" });
    expect([1024, 4096, 16_384].map(reasoningEffortFor)).toEqual(["low", "medium", "high"]);
  });

  it("maps images, tool results (text, error, images) and assistant turns in order", () => {
    const messages: Message[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "look" },
          { type: "image", mediaType: "image/png", data: "iVBORw0KGgo=" },
          { type: "text", text: "" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "Summary.", signature: marker("rs_1", "enc-1") },
          { type: "text", text: "Two calls." },
          { type: "text", text: "" },
          { type: "tool_use", id: "call_1", name: "Read", input: { file_path: "/a" } },
          { type: "tool_use", id: "call_2", name: "Shot", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", toolUseId: "call_1", content: "no such file", isError: true },
          {
            type: "tool_result",
            toolUseId: "call_2",
            content: [
              { type: "text", text: "screen:" },
              { type: "image", mediaType: "image/jpeg", data: "/9j/4AAQ" },
            ],
          },
          { type: "text", text: "Also check b." },
        ],
      },
    ];
    const { input } = toResponsesRequestBody(modelRequest(messages), stateless);
    expect(input).toEqual([
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "look" },
          { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "auto" },
        ],
      },
      {
        type: "reasoning",
        id: "rs_1",
        summary: [{ type: "summary_text", text: "Summary." }],
        encrypted_content: "enc-1",
      },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Two calls." }] },
      { type: "function_call", call_id: "call_1", name: "Read", arguments: '{"file_path":"/a"}' },
      { type: "function_call", call_id: "call_2", name: "Shot", arguments: "{}" },
      { type: "function_call_output", call_id: "call_1", output: "no such file" },
      {
        type: "function_call_output",
        call_id: "call_2",
        output: [
          { type: "input_text", text: "screen:" },
          { type: "input_image", image_url: "data:image/jpeg;base64,/9j/4AAQ", detail: "auto" },
        ],
      },
      { type: "message", role: "user", content: [{ type: "input_text", text: "Also check b." }] },
    ]);
  });

  it("joins text-only tool result blocks into one string", () => {
    const { input } = toResponsesRequestBody(
      modelRequest([
        userText("go"),
        { role: "assistant", content: [{ type: "tool_use", id: "c", name: "Read", input: {} }] },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              toolUseId: "c",
              content: [
                { type: "text", text: "line 1" },
                { type: "text", text: "line 2" },
              ],
            },
          ],
        },
      ]),
      stateless,
    );
    expect(input.at(-1)).toEqual({ type: "function_call_output", call_id: "c", output: "line 1\nline 2" });
  });

  it("drops reasoning it cannot send: foreign signatures, no encrypted content when stateless, nothing after it", () => {
    const messages: Message[] = [
      userText("q"),
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "anthropic", signature: "EqQBCkYIBxgC" },
          { type: "redacted_thinking", data: marker("rs_no_enc") },
          { type: "text", text: "a" },
        ],
      },
      userText("q2"),
      // Reasoning whose answer was empty: the API rejects a reasoning item without its following item.
      { role: "assistant", content: [{ type: "redacted_thinking", data: marker("rs_alone", "enc") }] },
      userText("q3"),
    ];
    const stateful = toResponsesRequestBody(modelRequest(messages), {
      store: true,
      includeEncryptedReasoning: true,
    });
    expect(stateful.input.filter((i) => i.type === "reasoning")).toEqual([
      { type: "reasoning", id: "rs_no_enc", summary: [] },
    ]);
    const { input } = toResponsesRequestBody(modelRequest(messages), stateless);
    expect(input.map((i) => i.type)).toEqual(["message", "message", "message", "message"]);
  });
});
