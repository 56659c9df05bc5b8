import { afterEach, describe, expect, it } from "vitest";
import { type FakeOpenAIChatOptions, type FakeOpenAIChatServer, startFakeOpenAIChat } from "../src/index.js";

let server: FakeOpenAIChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Chunk = {
  id: string;
  object: string;
  choices: Array<{ index: number; delta: Record<string, unknown>; finish_reason: string | null }>;
  usage?: Record<string, unknown> | null;
  error?: { type: string; message: string };
};

const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    model: "gpt-test",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: "hi" }],
    ...extra,
  });

async function start(options: FakeOpenAIChatOptions): Promise<FakeOpenAIChatServer> {
  server = await startFakeOpenAIChat(options);
  return server;
}

async function post(s: FakeOpenAIChatServer, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${s.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer k" },
    body: body(extra),
  });
  return { res, text: await res.text() };
}

/** The data payloads of an SSE text (comments skipped), `[DONE]` kept as a string. */
function frames(text: string): Array<Chunk | "[DONE]"> {
  return text
    .replaceAll("\r\n", "\n")
    .split("\n\n")
    .filter((f) => f.startsWith("data: "))
    .map((f) => f.slice("data: ".length))
    .map((d) => (d === "[DONE]" ? "[DONE]" : (JSON.parse(d) as Chunk)));
}

describe("fake Chat Completions streams", () => {
  it("streams data-only frames: role chunk, deltas, finish chunk, usage-only chunk with empty choices, [DONE]", async () => {
    const s = await start({
      script: [
        {
          content: [
            { type: "reasoning", text: "hmm" },
            { type: "text", text: "Hi there" },
            { type: "tool_call", name: "Read", arguments: { file_path: "/a" } },
          ],
          usage: { prompt_tokens: 100, cached_tokens: 60, completion_tokens: 9 },
        },
      ],
    });
    const { res, text } = await post(s);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(text).not.toMatch(/^event:/m);
    const all = frames(text);
    expect(all.at(-1)).toBe("[DONE]");
    const chunks = all.slice(0, -1) as Chunk[];
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: "assistant" });
    const usage = chunks.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 9,
      prompt_tokens_details: { cached_tokens: 60 },
    });
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("tool_calls");
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    const reasoning = chunks.map((c) => c.choices[0]?.delta.reasoning_content ?? "").join("");
    expect(reasoning).toBe("hmm");
    const opening = chunks.find((c) => Array.isArray(c.choices[0]?.delta.tool_calls));
    expect(opening?.choices[0]?.delta.tool_calls).toEqual([
      { index: 0, id: "call_fake_1", type: "function", function: { name: "Read", arguments: "" } },
    ]);
  });

  it("sends no usage chunk unless include_usage was asked for; the dialect can drop the index and say stop", async () => {
    const s = await start({
      dialect: { toolCallsWithoutIndex: true, stopWithToolCalls: true, reasoningField: "reasoning" },
      script: [
        {
          content: [
            { type: "reasoning", text: "r" },
            { type: "tool_call", name: "A", arguments: {} },
            { type: "tool_call", name: "B", arguments: {} },
          ],
        },
      ],
    });
    const { text } = await post(s, { stream_options: undefined });
    const chunks = frames(text).slice(0, -1) as Chunk[];
    expect(chunks.every((c) => c.choices.length === 1 && c.usage === undefined)).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    const fragments = chunks.flatMap((c) => (c.choices[0]?.delta.tool_calls as unknown[] | undefined) ?? []);
    expect(fragments.length).toBeGreaterThan(2);
    expect(fragments.every((f) => !("index" in (f as object)))).toBe(true);
    expect(chunks.some((c) => c.choices[0]?.delta.reasoning === "r")).toBe(true);
  });

  it("interleaves tool-call fragments by index and truncates the last call with finish_reason length", async () => {
    const s = await start({
      script: [
        {
          interleave: true,
          truncateLastToolCall: true,
          content: [
            { type: "tool_call", name: "A", arguments: { x: "aaaaaa" } },
            { type: "tool_call", name: "B", arguments: { y: "bbbbbb" } },
          ],
        },
      ],
    });
    const chunks = frames((await post(s)).text).slice(0, -1) as Chunk[];
    const indexes = chunks.flatMap((c) =>
      ((c.choices[0]?.delta.tool_calls as Array<{ index: number }> | undefined) ?? []).map((f) => f.index),
    );
    expect(indexes.slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("length");
  });

  it("serves faults in order: http error with retry-after, error object in data, clean end, then the turn", async () => {
    const s = await start({
      script: [
        {
          content: [{ type: "text", text: "finally" }],
          faults: [
            { kind: "http", status: 429, headers: { "retry-after": "1" } },
            { kind: "error_frame", afterEvents: 1, errorType: "server_error", message: "boom" },
            { kind: "end", afterEvents: 2 },
          ],
        },
      ],
    });
    const http = await post(s);
    expect(http.res.status).toBe(429);
    expect(http.res.headers.get("retry-after")).toBe("1");
    expect(JSON.parse(http.text)).toMatchObject({ error: { code: "rate_limit_exceeded" } });

    const frame = frames((await post(s)).text);
    expect(frame).toHaveLength(2);
    expect(frame[1]).toEqual({ error: { message: "boom", type: "server_error", param: null, code: null } });

    const ended = frames((await post(s)).text);
    expect(ended).toHaveLength(2);
    expect(ended).not.toContain("[DONE]");

    const ok = frames((await post(s)).text);
    expect(ok.at(-1)).toBe("[DONE]");
    expect(s.requests.map((r) => r.status)).toEqual([429, 200, 200, 200]);
  });

  it("drops the connection for a reset fault", async () => {
    const s = await start({
      script: [{ content: [{ type: "text", text: "x" }], faults: [{ kind: "reset", afterEvents: 0 }] }],
    });
    await expect(post(s)).rejects.toThrow();
    expect(s.requests[0]?.status).toBe(0);
  });
});
