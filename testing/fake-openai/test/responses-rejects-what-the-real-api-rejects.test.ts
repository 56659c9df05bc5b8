import { afterEach, describe, expect, it } from "vitest";
import { type FakeResponsesServer, type FakeResponsesTurn, startFakeOpenAIResponses } from "../src/index.js";

let server: FakeResponsesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(script: FakeResponsesTurn[] = [{ output: [{ type: "message", text: "ok" }] }]) {
  server = await startFakeOpenAIResponses({ script, apiKey: "sk-k" });
  return server;
}

async function post(body: unknown, key = "sk-k") {
  const res = await fetch(`${server!.url}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as { error: Record<string, unknown> } };
}

/** Parsed SSE events of a streamed body. */
function events(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n\n")
    .filter((frame) => frame.includes("data: "))
    .map((frame) => {
      const [eventLine, dataLine] = frame.split("\n");
      const data = JSON.parse(dataLine!.slice("data: ".length)) as Record<string, unknown>;
      expect(eventLine).toBe(`event: ${String(data.type)}`);
      return data;
    });
}

const base = { model: "gpt-test", stream: true, store: false };
const user = (text: string) => ({ type: "message", role: "user", content: [{ type: "input_text", text }] });
const call = (callId: string) => ({ type: "function_call", call_id: callId, name: "Read", arguments: "{}" });
const output = (callId: string) => ({ type: "function_call_output", call_id: callId, output: "x" });

describe("fake Responses request validation", () => {
  const cases: Array<[string, unknown, number, RegExp]> = [
    ["missing model", { stream: true, input: "hi" }, 400, /Missing required parameter: 'model'/],
    ["missing input", { ...base }, 400, /Missing required parameter: 'input'/],
    ["empty input", { ...base, input: [] }, 400, /Missing required parameter: 'input'/],
    ["max_output_tokens below 16", { ...base, input: "hi", max_output_tokens: 8 }, 400, /max_output_tokens/],
    [
      "an output without its call",
      { ...base, input: [user("hi"), output("call_x")] },
      400,
      /No tool call found for function call output with call_id call_x/,
    ],
    [
      "a call without its output",
      { ...base, input: [user("hi"), call("call_y")] },
      400,
      /No tool output found/,
    ],
    [
      "a reasoning item without encrypted content when store is false",
      {
        ...base,
        input: [user("hi"), { type: "reasoning", id: "rs_1", summary: [] }, call("c"), output("c")],
      },
      404,
      /Items are not persisted when `store` is set to false/,
    ],
    [
      "Anthropic-style thinking sent as an item",
      { ...base, input: [user("hi"), { type: "thinking", thinking: "x", signature: "s" }] },
      400,
      /Invalid value: 'thinking'/,
    ],
    [
      "an assistant message with input_text parts",
      {
        ...base,
        input: [{ type: "message", role: "assistant", content: [{ type: "input_text", text: "x" }] }],
      },
      400,
      /Invalid value: 'input_text'/,
    ],
    [
      "a tool name the API does not accept",
      { ...base, input: "hi", tools: [{ type: "function", name: "read file", parameters: {} }] },
      400,
      /tools\[0\]\.name/,
    ],
  ];
  for (const [name, body, status, message] of cases) {
    it(`rejects ${name}`, async () => {
      await start();
      const res = await post(body);
      expect(res.status).toBe(status);
      expect(res.json().error).toMatchObject({
        type: "invalid_request_error",
        message: expect.stringMatching(message),
      });
      expect(server!.requests[0]!.status).toBe(status);
    });
  }

  it("answers a wrong key with 401 invalid_api_key, without echoing the key", async () => {
    await start();
    const res = await post({ ...base, input: "hi" }, "sk-wrong-secret");
    expect(res.status).toBe(401);
    expect(res.json().error).toMatchObject({ code: "invalid_api_key" });
    expect(res.text).not.toContain("sk-wrong-secret");
  });

  it("accepts only encrypted content it issued, and a reasoning item only with its following item", async () => {
    await start([
      {
        output: [
          { type: "reasoning", summary: ["s"] },
          { type: "function_call", name: "Read", arguments: {} },
        ],
      },
      { output: [{ type: "message", text: "ok" }] },
    ]);
    const first = await post({ ...base, input: "hi", include: ["reasoning.encrypted_content"] });
    const done = events(first.text).filter((e) => e.type === "response.output_item.done");
    const reasoning = (done[0] as { item: Record<string, unknown> }).item;
    const fc = (done[1] as { item: { call_id: string } }).item;
    expect(reasoning).toMatchObject({
      type: "reasoning",
      id: "rs_fake_1",
      encrypted_content: expect.any(String),
    });

    const forged = { ...reasoning, encrypted_content: "gAAAAB-forged" };
    const bad = await post({ ...base, input: [user("hi"), forged, call(fc.call_id), output(fc.call_id)] });
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatchObject({ code: "invalid_encrypted_content" });

    const alone = await post({ ...base, input: [user("hi"), reasoning, user("next")] });
    expect(alone.json().error.message).toMatch(/without its required following item/);

    const good = await post({
      ...base,
      input: [user("hi"), reasoning, call(fc.call_id), output(fc.call_id)],
    });
    expect(good.status).toBe(200);
    expect(events(good.text).at(-1)).toMatchObject({ type: "response.completed" });
  });

  it("sends encrypted content only when the request asked for it, with increasing sequence numbers", async () => {
    await start([
      {
        output: [
          { type: "reasoning", summary: ["s"] },
          { type: "message", text: "a" },
        ],
      },
    ]);
    const res = await post({ ...base, input: "hi" });
    const all = events(res.text);
    expect(all.map((e) => e.sequence_number)).toEqual(all.map((_, i) => i));
    const item = all.find((e) => e.type === "response.output_item.done") as { item: Record<string, unknown> };
    expect(item.item).not.toHaveProperty("encrypted_content");
  });

  it("serves an error event then response.failed, and an exhausted script as 500 x-should-retry: false", async () => {
    await start([
      {
        output: [{ type: "message", text: "hello" }],
        faults: [{ kind: "error_event", afterEvents: 2, code: "server_error" }],
      },
    ]);
    const faulted = events((await post({ ...base, input: "hi" })).text);
    expect(faulted.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "error",
      "response.failed",
    ]);
    expect(faulted[2]).toMatchObject({ error: { code: "server_error" } });
    await post({ ...base, input: "hi" });
    const res = await fetch(`${server!.url}/responses`, {
      method: "POST",
      headers: { authorization: "Bearer sk-k" },
      body: JSON.stringify({ ...base, input: "hi" }),
    });
    expect(res.status).toBe(500);
    expect(res.headers.get("x-should-retry")).toBe("false");
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/script exhausted/);
  });
});
