import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeAnthropicServer, startFakeAnthropic } from "../src/index.js";

let server: FakeAnthropicServer;

beforeEach(async () => {
  server = await startFakeAnthropic({ script: [{ content: [{ type: "text", text: "ok" }] }] });
});
afterEach(() => server.close());

async function post(body: unknown, headers: Record<string, string> = { "x-api-key": "k" }) {
  const res = await fetch(`${server.url}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as { type: string; error: { type: string; message: string } },
  };
}

const base = { model: "claude-test", max_tokens: 100, stream: true };
const user = (text: string) => ({ role: "user", content: [{ type: "text", text }] });
const toolUse = (id: string) => ({
  role: "assistant",
  content: [{ type: "tool_use", id, name: "Read", input: { file_path: "/a" } }],
});
const toolResult = (id: string) => ({
  role: "user",
  content: [{ type: "tool_result", tool_use_id: id, content: "file text" }],
});

describe("fake Anthropic request validation", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["missing model", { max_tokens: 10, messages: [user("hi")] }, /model: Field required/],
    ["missing max_tokens", { model: "m", messages: [user("hi")] }, /max_tokens: Field required/],
    [
      "first message from the assistant",
      { ...base, messages: [{ role: "assistant", content: "x" }] },
      /first message/,
    ],
    [
      "empty text block",
      { ...base, messages: [{ role: "user", content: [{ type: "text", text: "" }] }] },
      /non-empty/,
    ],
    [
      "empty system text block",
      { ...base, system: [{ type: "text", text: "" }], messages: [user("hi")] },
      /non-empty/,
    ],
    [
      "tool_use without a tool_result in the next message",
      { ...base, messages: [user("hi"), toolUse("toolu_1"), user("next")] },
      /toolu_1.*without `tool_result`|without `tool_result`.*toolu_1/,
    ],
    [
      "tool_use as the final message",
      { ...base, messages: [user("hi"), toolUse("toolu_1")] },
      /without `tool_result`/,
    ],
    [
      "tool_result answering an unknown id",
      {
        ...base,
        messages: [
          user("hi"),
          toolUse("toolu_1"),
          { role: "user", content: [...toolResult("toolu_1").content, ...toolResult("toolu_9").content] },
        ],
      },
      /unexpected `tool_use_id`.*toolu_9/,
    ],
    [
      "more than 4 cache_control breakpoints",
      {
        ...base,
        system: [{ type: "text", text: "s", cache_control: { type: "ephemeral" } }],
        tools: [
          {
            name: "a",
            description: "a",
            input_schema: { type: "object" },
            cache_control: { type: "ephemeral" },
          },
        ],
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "1", cache_control: { type: "ephemeral" } },
              { type: "text", text: "2", cache_control: { type: "ephemeral" } },
              { type: "text", text: "3", cache_control: { type: "ephemeral" } },
            ],
          },
        ],
      },
      /maximum of 4 blocks with cache_control.*Found 5/,
    ],
  ];

  for (const [name, body, message] of cases) {
    it(`answers 400 invalid_request_error for ${name}, without consuming a turn`, async () => {
      const { status, json } = await post(body);
      expect(status).toBe(400);
      expect(json.type).toBe("error");
      expect(json.error.type).toBe("invalid_request_error");
      expect(json.error.message).toMatch(message);
      expect(server.requests[0]?.status).toBe(400);
      expect(server.requests[0]?.rawBody).toBe(JSON.stringify(body));

      const ok = await fetch(`${server.url}/v1/messages`, {
        method: "POST",
        headers: { "x-api-key": "k" },
        body: JSON.stringify({ ...base, messages: [user("hi")] }),
      });
      expect(ok.status).toBe(200);
      await ok.text();
    });
  }

  it("accepts a correct tool round trip with exactly 4 breakpoints", async () => {
    const marked = { type: "ephemeral" };
    const res = await fetch(`${server.url}/v1/messages`, {
      method: "POST",
      headers: { authorization: "Bearer tok" },
      body: JSON.stringify({
        ...base,
        system: [{ type: "text", text: "s", cache_control: marked }],
        messages: [
          { role: "user", content: [{ type: "text", text: "hi", cache_control: marked }] },
          toolUse("toolu_1"),
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "x", cache_control: marked }],
          },
          { role: "assistant", content: [{ type: "text", text: "done", cache_control: marked }] },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await res.text();
  });

  it("answers 401 authentication_error without a key, or with the wrong one when a key is required", async () => {
    expect((await post({ ...base, messages: [user("hi")] }, {})).status).toBe(401);
    const strict = await startFakeAnthropic({ apiKey: "right", script: [] });
    try {
      const res = await fetch(`${strict.url}/v1/messages`, {
        method: "POST",
        headers: { "x-api-key": "wrong" },
        body: JSON.stringify({ ...base, messages: [user("hi")] }),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe("authentication_error");
    } finally {
      await strict.close();
    }
  });
});
