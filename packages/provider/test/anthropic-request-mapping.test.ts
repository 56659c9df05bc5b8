import { describe, expect, it } from "vitest";
import { toWireRequestBody } from "../src/index.js";
import { modelRequest, userText } from "./anthropic-harness.js";

describe("Keel request → Anthropic wire body", () => {
  it("maps camelCase blocks to snake_case, keeps messages as the last key and context in the first user message", () => {
    const body = toWireRequestBody(
      modelRequest(
        [
          {
            role: "user",
            content: [
              { type: "text", text: "look" },
              { type: "image", mediaType: "image/png", data: "iVBORw0KGgo=" },
            ],
          },
          {
            role: "assistant",
            content: [{ type: "tool_use", id: "toolu_1", name: "Read", input: { file_path: "/x" } }],
          },
          {
            role: "user",
            content: [
              {
                type: "tool_result",
                toolUseId: "toolu_1",
                isError: true,
                content: [
                  { type: "text", text: "denied" },
                  { type: "text", text: "" },
                ],
              },
            ],
          },
        ],
        { context: "cwd: /repo", temperature: 0.2, thinking: { budgetTokens: 1024 } },
      ),
    );
    expect(Object.keys(body)).toEqual([
      "model",
      "max_tokens",
      "stream",
      "system",
      "tools",
      "thinking",
      "temperature",
      "messages",
    ]);
    expect(body.system).toEqual([
      { type: "text", text: "You are a test assistant.", cache_control: { type: "ephemeral" } },
    ]);
    expect(body.tools?.[0]).toEqual({
      name: "Read",
      description: "Read a file",
      input_schema: {
        type: "object",
        properties: { file_path: { type: "string" } },
        required: ["file_path"],
      },
    });
    expect(body.messages[0]?.content).toEqual([
      { type: "text", text: "cwd: /repo" },
      { type: "text", text: "look" },
      {
        type: "image",
        source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
        // The user message before the last assistant message carries the previous request's breakpoint.
        cache_control: { type: "ephemeral" },
      },
    ]);
    expect(body.messages[2]?.content).toEqual([
      {
        type: "tool_result",
        tool_use_id: "toolu_1",
        content: [{ type: "text", text: "denied" }],
        is_error: true,
        cache_control: { type: "ephemeral" },
      },
    ]);
  });

  it("omits optional keys that are not set", () => {
    const body = toWireRequestBody(modelRequest([userText("hi")], { tools: [] }));
    expect(Object.keys(body)).toEqual(["model", "max_tokens", "stream", "system", "messages"]);
  });
});
