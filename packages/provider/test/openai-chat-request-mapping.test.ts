import type { Message } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { defaultChatQuirks, toChatRequestBody, toChatToolCallId } from "../src/openai-chat/index.js";
import { chatBody, chatRequest, collect, signal, startChat, userText } from "./openai-chat-harness.js";

const PNG = "iVBORw0KGgo=";

/** A history with everything the mapping must translate: images, errors, foreign ids, thinking. */
const HISTORY: Message[] = [
  {
    role: "user",
    content: [
      { type: "text", text: "look" },
      { type: "image", mediaType: "image/png", data: PNG },
    ],
  },
  {
    role: "assistant",
    content: [
      { type: "thinking", thinking: "Anthropic thinking", signature: "EqQBCkYIBxgCKkD==" },
      { type: "redacted_thinking", data: "opaque" },
      { type: "text", text: "Taking a " },
      { type: "text", text: "screenshot." },
      { type: "tool_use", id: "toolu_01A09q90qw90lq917835lq9", name: "Shot", input: { url: "x" } },
      { type: "tool_use", id: "toolu_bad id/with:chars", name: "Read", input: { file_path: "/x" } },
      { type: "tool_use", id: `call_${"z".repeat(60)}`, name: "Read", input: {} },
    ],
  },
  {
    role: "user",
    content: [
      {
        type: "tool_result",
        toolUseId: "toolu_01A09q90qw90lq917835lq9",
        content: [
          { type: "text", text: "captured" },
          { type: "image", mediaType: "image/jpeg", data: "/9j/4AAQ" },
        ],
      },
      { type: "tool_result", toolUseId: "toolu_bad id/with:chars", content: "denied", isError: true },
      { type: "tool_result", toolUseId: `call_${"z".repeat(60)}`, content: [{ type: "text", text: "" }] },
      { type: "text", text: "also: be brief" },
    ],
  },
  { role: "assistant", content: [{ type: "thinking", thinking: "only thought", signature: "s" }] },
  userText("next"),
];

describe("Keel request → Chat Completions body", () => {
  it("maps system, context, images, tool calls, tool results and drops thinking; messages is the last key", () => {
    const body = toChatRequestBody(
      chatRequest(HISTORY, { context: "cwd: /repo", temperature: 0.2, thinking: { budgetTokens: 1024 } }),
      defaultChatQuirks(),
    );
    expect(Object.keys(body)).toEqual([
      "model",
      "stream",
      "stream_options",
      "max_completion_tokens",
      "temperature",
      "tools",
      "messages",
    ]);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.tools).toEqual([
      {
        type: "function",
        function: {
          name: "Read",
          description: "Read a file",
          parameters: {
            type: "object",
            properties: { file_path: { type: "string" } },
            required: ["file_path"],
          },
        },
      },
    ]);
    const badId = toChatToolCallId("toolu_bad id/with:chars");
    const longId = toChatToolCallId(`call_${"z".repeat(60)}`);
    expect(badId).toMatch(/^call_[A-Za-z0-9_-]{32}$/);
    expect(longId).toMatch(/^call_[A-Za-z0-9_-]{32}$/);
    expect(badId).not.toBe(longId);
    expect(toChatToolCallId("toolu_01A09q90qw90lq917835lq9")).toBe("toolu_01A09q90qw90lq917835lq9");

    expect(body.messages).toEqual([
      { role: "developer", content: "You are a test assistant." },
      { role: "user", content: "cwd: /repo" },
      {
        role: "user",
        content: [
          { type: "text", text: "look" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
        ],
      },
      {
        role: "assistant",
        content: "Taking a screenshot.",
        tool_calls: [
          {
            id: "toolu_01A09q90qw90lq917835lq9",
            type: "function",
            function: { name: "Shot", arguments: '{"url":"x"}' },
          },
          { id: badId, type: "function", function: { name: "Read", arguments: '{"file_path":"/x"}' } },
          { id: longId, type: "function", function: { name: "Read", arguments: "{}" } },
        ],
      },
      {
        role: "tool",
        tool_call_id: "toolu_01A09q90qw90lq917835lq9",
        content: "captured\n(1 image of this result follows in the next user message)",
      },
      { role: "tool", tool_call_id: badId, content: "Error: denied" },
      { role: "tool", tool_call_id: longId, content: "" },
      {
        role: "user",
        content: [
          { type: "text", text: "Images from tool call toolu_01A09q90qw90lq917835lq9:" },
          { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQ" } },
          { type: "text", text: "also: be brief" },
        ],
      },
      { role: "assistant", content: "" },
      { role: "user", content: "next" },
    ]);
  });

  it("sends a tool-call-only assistant message with content null", () => {
    const body = toChatRequestBody(
      chatRequest([
        userText("go"),
        { role: "assistant", content: [{ type: "tool_use", id: "call_1", name: "Read", input: {} }] },
        { role: "user", content: [{ type: "tool_result", toolUseId: "call_1", content: "ok" }] },
      ]),
      defaultChatQuirks("http://localhost:11434/v1"),
    );
    expect(body.messages[2]).toMatchObject({ role: "assistant", content: null });
    expect(body.messages[0]).toEqual({ role: "system", content: "You are a test assistant." });
    expect(body.max_tokens).toBe(1024);
  });

  it("is accepted by the fake server's validation, which rejects the same history with an unanswered call", async () => {
    const { server, provider } = await startChat({ script: [{ content: [{ type: "text", text: "ok" }] }] });
    await collect(provider.stream(chatRequest(HISTORY, { context: "cwd: /repo" }), signal()));
    expect(server.requests[0]?.status).toBe(200);
    expect(chatBody(server, 0).messages).toHaveLength(10);

    const broken = HISTORY.map((m, i) =>
      i === 2 && m.role === "user" ? { ...m, content: m.content.slice(1) } : m,
    ) as Message[];
    const error = await collect(provider.stream(chatRequest(broken), signal())).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid_request", status: 400 });
    expect(server.requests[1]?.error).toMatch(
      /did not have response messages: toolu_01A09q90qw90lq917835lq9/,
    );
  });
});
