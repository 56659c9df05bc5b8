import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAIChatServer, startFakeOpenAIChat } from "../src/index.js";

let server: FakeOpenAIChatServer;

beforeEach(async () => {
  server = await startFakeOpenAIChat({ script: [{ content: [{ type: "text", text: "ok" }] }] });
});
afterEach(() => server.close());

async function post(body: unknown, headers: Record<string, string> = { authorization: "Bearer k" }) {
  const res = await fetch(`${server.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    headers: res.headers,
    json: (await res.json()) as { error: { type: string; message: string; code: string | null } },
  };
}

const base = { model: "gpt-test", stream: true };
const user = (content: unknown) => ({ role: "user", content });
const calls = (...ids: string[]) => ({
  role: "assistant",
  content: null,
  tool_calls: ids.map((id) => ({ id, type: "function", function: { name: "Read", arguments: "{}" } })),
});
const tool = (id: string) => ({ role: "tool", tool_call_id: id, content: "text" });

describe("fake Chat Completions request validation", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["missing model", { stream: true, messages: [user("hi")] }, /must provide a model/],
    ["missing messages", { ...base }, /too short - 'messages'/],
    ["empty messages", { ...base, messages: [] }, /too short - 'messages'/],
    [
      "an unknown top-level field",
      { ...base, thinking: {}, messages: [user("hi")] },
      /Unrecognized.*thinking/,
    ],
    ["stream false", { model: "m", stream: false, messages: [user("hi")] }, /stream: true/],
    [
      "both output-limit fields",
      { ...base, max_tokens: 5, max_completion_tokens: 5, messages: [user("hi")] },
      /cannot both be set/,
    ],
    ["an unknown role", { ...base, messages: [{ role: "human", content: "x" }] }, /'human'/],
    [
      "an unknown message field (an Anthropic thinking block smuggled in)",
      { ...base, messages: [user("hi"), { role: "assistant", content: "a", thinking: "t" }] },
      /'thinking' was unexpected/,
    ],
    [
      "an Anthropic content block",
      { ...base, messages: [user([{ type: "tool_result", tool_use_id: "x", content: "y" }])] },
      /'tool_result'.*Supported values/,
    ],
    [
      "an image that is not a data URL or http URL",
      { ...base, messages: [user([{ type: "image_url", image_url: { url: "iVBORw0KGgo=" } }])] },
      /image_url\.url/,
    ],
    [
      "an assistant message with neither content nor tool_calls",
      { ...base, messages: [user("hi"), { role: "assistant", content: null }, user("again")] },
      /expected a string, got null/,
    ],
    [
      "a tool message without a preceding assistant tool call",
      { ...base, messages: [user("hi"), tool("call_1")] },
      /must be a response to a preceeding message with 'tool_calls'/,
    ],
    [
      "a tool message answering an id that was not called",
      { ...base, messages: [user("hi"), calls("call_1"), tool("call_2")] },
      /must be a response to a preceeding message/,
    ],
    [
      "an unanswered tool call before the next user message",
      { ...base, messages: [user("hi"), calls("call_1", "call_2"), tool("call_1"), user("next")] },
      /did not have response messages: call_2/,
    ],
    [
      "a tool call id longer than 40 characters",
      { ...base, messages: [user("hi"), calls("x".repeat(41)), tool("x".repeat(41))] },
      /string too long.*maximum length 40/,
    ],
    [
      "arguments that are an object, not a JSON string",
      {
        ...base,
        messages: [
          user("hi"),
          {
            role: "assistant",
            tool_calls: [{ id: "c", type: "function", function: { name: "Read", arguments: {} } }],
          },
          tool("c"),
        ],
      },
      /arguments': expected a string/,
    ],
    [
      "a tool name with spaces",
      {
        ...base,
        tools: [{ type: "function", function: { name: "read file", parameters: {} } }],
        messages: [user("hi")],
      },
      /does not match pattern/,
    ],
  ];

  it.each(cases)("answers 400 invalid_request_error for %s", async (_name, body, message) => {
    const { status, json } = await post(body);
    expect(status).toBe(400);
    expect(json.error.type).toBe("invalid_request_error");
    expect(json.error.message).toMatch(message);
    expect(server.requests[0]?.status).toBe(400);
    expect(server.requests[0]?.error).toMatch(message);
  });

  it("accepts a well-formed tool round trip (and consumes no turn for the 400s above)", async () => {
    const res = await fetch(`${server.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: JSON.stringify({
        ...base,
        messages: [
          { role: "developer", content: "sys" },
          user([{ type: "text", text: "hi" }]),
          calls("toolu_01A09q90qw90lq917835lq9"),
          tool("toolu_01A09q90qw90lq917835lq9"),
          user([{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }]),
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("data: [DONE]");
  });

  it("answers 401 without a bearer key, and for a wrong one when apiKey is set", async () => {
    const { status, json } = await post({ ...base, messages: [user("hi")] }, {});
    expect(status).toBe(401);
    expect(json.error.code).toBe("invalid_api_key");
    const strict = await startFakeOpenAIChat({ apiKey: "sk-right", script: [] });
    try {
      const res = await fetch(`${strict.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { authorization: "Bearer sk-wrong" },
        body: JSON.stringify({ ...base, messages: [user("hi")] }),
      });
      expect(res.status).toBe(401);
    } finally {
      await strict.close();
    }
  });

  it("answers 500 with x-should-retry: false when the script is exhausted", async () => {
    const first = await fetch(`${server.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: JSON.stringify({ ...base, messages: [user("hi")] }),
    });
    expect(first.status).toBe(200);
    await first.text();
    const { status, headers, json } = await post({ ...base, messages: [user("hi")] });
    expect(status).toBe(500);
    expect(headers.get("x-should-retry")).toBe("false");
    expect(json.error.message).toMatch(/script exhausted/);
  });
});
