import { afterEach, describe, expect, it } from "vitest";
import { type FakeAnthropicServer, type FakeServerOptions, startFakeAnthropic } from "../src/index.js";

let server: FakeAnthropicServer | undefined;
afterEach(() => server?.close());

async function start(options: FakeServerOptions): Promise<FakeAnthropicServer> {
  server = await startFakeAnthropic(options);
  return server;
}

function request(url: string) {
  return fetch(`${url}/v1/messages`, {
    method: "POST",
    headers: { "x-api-key": "k", "content-type": "application/json" },
    body: JSON.stringify({
      model: "claude-test",
      max_tokens: 100,
      stream: true,
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    }),
  });
}

interface WireData {
  index?: number;
  delta?: { text?: string; partial_json?: string; stop_reason?: string };
  content_block?: { id?: string; input?: unknown };
  usage?: Record<string, number>;
}

/** Minimal SSE parse for assertions: frames split on blank lines, CRLF or LF. */
function frames(text: string): Array<{ event: string; data: WireData }> {
  return text
    .replace(/\r\n/g, "\n")
    .split("\n\n")
    .filter((f) => f.trim() !== "")
    .map((f) => {
      const event = /^event: (.*)$/m.exec(f)?.[1] ?? "";
      const data = JSON.parse(/^data: (.*)$/m.exec(f)?.[1] ?? "null") as WireData;
      return { event, data };
    });
}

describe("fake Anthropic streaming", () => {
  it("streams the real event sequence with split deltas and an empty first input_json_delta", async () => {
    const { url } = await start({
      script: [
        {
          content: [
            { type: "thinking", thinking: "let me think", signature: "sig==" },
            { type: "text", text: "Reading the file now." },
            { type: "tool_use", name: "Read", input: { file_path: "/r/a.ts" } },
          ],
          usage: { input_tokens: 12, cache_read_input_tokens: 100 },
        },
      ],
    });
    const res = await request(url);
    expect(res.headers.get("request-id")).toBe("req_fake_0");
    const events = frames(await res.text());
    expect(events.map((e) => e.event)).toEqual([
      "message_start",
      ...["content_block_start", "content_block_delta", "content_block_delta", "content_block_delta"],
      ...["content_block_delta", "content_block_stop"],
      ...["content_block_start", "content_block_delta", "content_block_delta", "content_block_delta"],
      "content_block_stop",
      ...["content_block_start", "content_block_delta", "content_block_delta", "content_block_delta"],
      ...["content_block_delta", "content_block_stop"],
      "message_delta",
      "message_stop",
    ]);
    const toolDeltas = events.filter((e) => e.event === "content_block_delta" && e.data.index === 2);
    expect(toolDeltas[0]?.data.delta?.partial_json).toBe("");
    expect(JSON.parse(toolDeltas.map((d) => d.data.delta?.partial_json).join(""))).toEqual({
      file_path: "/r/a.ts",
    });
    const toolStart = events.find((e) => e.event === "content_block_start" && e.data.index === 2);
    expect(toolStart?.data.content_block).toMatchObject({ id: "toolu_1", input: {} });
    const messageDelta = events.at(-2)?.data;
    expect(messageDelta?.delta?.stop_reason).toBe("tool_use");
    expect(messageDelta?.usage).toMatchObject({ input_tokens: 12, cache_read_input_tokens: 100 });
  });

  it("adds pings and CRLF when asked, and truncates the last tool_use with max_tokens", async () => {
    const { url } = await start({
      crlf: true,
      pings: true,
      chunkBytes: 5,
      script: [
        {
          content: [{ type: "tool_use", name: "Write", input: { content: "x".repeat(40) } }],
          truncateLastToolUse: true,
        },
      ],
    });
    const text = await (await request(url)).text();
    expect(text).toContain("\r\n\r\n");
    const events = frames(text);
    expect(events.filter((e) => e.event === "ping").length).toBeGreaterThan(2);
    const real = events.filter((e) => e.event !== "ping");
    const names = real.map((e) => e.event);
    expect(names).not.toContain("content_block_stop");
    expect(names.slice(-2)).toEqual(["message_delta", "message_stop"]);
    expect(real.at(-2)?.data.delta?.stop_reason).toBe("max_tokens");
  });

  it("serves each fault once, in order, before the turn, and records every status", async () => {
    const { url, requests } = await start({
      script: [
        {
          content: [{ type: "text", text: "finally" }],
          faults: [
            { kind: "http", status: 529 },
            { kind: "http", status: 429, headers: { "retry-after": "2" } },
            { kind: "error_frame", afterEvents: 1 },
            { kind: "reset", afterEvents: 0 },
          ],
        },
      ],
    });
    const first = await request(url);
    expect(first.status).toBe(529);
    expect(((await first.json()) as { error: { type: string } }).error.type).toBe("overloaded_error");
    const second = await request(url);
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBe("2");
    await second.text();
    const third = frames(await (await request(url)).text());
    expect(third.map((e) => e.event)).toEqual(["message_start", "error"]);
    await expect(request(url)).rejects.toThrow();
    const fifth = frames(await (await request(url)).text());
    expect(fifth.at(-1)?.event).toBe("message_stop");
    expect(requests.map((r) => r.status)).toEqual([529, 429, 200, 0, 200]);
  });

  it("answers 500 with x-should-retry: false once the script is exhausted", async () => {
    const { url } = await start({ script: [] });
    const res = await request(url);
    expect(res.status).toBe(500);
    expect(res.headers.get("x-should-retry")).toBe("false");
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/script exhausted/);
  });

  it("passes the request and turn index to a script function", async () => {
    const seen: number[] = [];
    const { url } = await start({
      script: (req, index) => {
        seen.push(index);
        return {
          content: [{ type: "text", text: `turn ${index} for ${(req.body as { model: string }).model}` }],
        };
      },
    });
    const text = await (await request(url)).text();
    await (await request(url)).text();
    const streamed = frames(text)
      .map((e) => e.data.delta?.text ?? "")
      .join("");
    expect(streamed).toBe("turn 0 for claude-test");
    expect(seen).toEqual([0, 1]);
  });
});
