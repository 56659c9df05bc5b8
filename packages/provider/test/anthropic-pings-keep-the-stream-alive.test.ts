import { createServer, type Server } from "node:http";
import { describe, expect, it } from "vitest";
import { AnthropicProvider, type RetryInfo, streamWithRetry } from "../src/index.js";
import { modelRequest, userText } from "./anthropic-harness.js";

const frame = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/** Streams message_start, then `gapMs` of silence (or pings every 100 ms), then a short text reply. */
async function slowServer(options: {
  gapMs: number;
  pings: boolean;
}): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    const usage = {
      input_tokens: 5,
      output_tokens: 1,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    };
    res.write(
      frame("message_start", {
        type: "message_start",
        message: {
          id: "m",
          type: "message",
          role: "assistant",
          model: "x",
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage,
        },
      }),
    );
    const pinger = options.pings
      ? setInterval(() => res.write(frame("ping", { type: "ping" })), 100)
      : undefined;
    setTimeout(() => {
      clearInterval(pinger);
      res.write(
        frame("content_block_start", {
          type: "content_block_start",
          index: 0,
          content_block: { type: "text", text: "" },
        }),
      );
      res.write(
        frame("content_block_delta", {
          type: "content_block_delta",
          index: 0,
          delta: { type: "text_delta", text: "ok" },
        }),
      );
      res.write(frame("content_block_stop", { type: "content_block_stop", index: 0 }));
      res.write(
        frame("message_delta", {
          type: "message_delta",
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { output_tokens: 2 },
        }),
      );
      res.end(frame("message_stop", { type: "message_stop" }));
    }, options.gapMs);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, hits: () => hits };
}

async function run(pings: boolean) {
  const { url, server, hits } = await slowServer({ gapMs: 900, pings });
  const retries: RetryInfo[] = [];
  const provider = new AnthropicProvider({ apiKey: "k", baseUrl: url });
  let text = "";
  try {
    for await (const e of streamWithRetry(provider, modelRequest([userText("hi")]), {
      signal: new AbortController().signal,
      idleTimeoutMs: 400,
      maxRetries: 1,
      sleep: async () => {},
      onRetry: (i) => retries.push(i),
    })) {
      if (e.type === "text_delta") text += e.text;
    }
  } catch {
    // Without pings both attempts stall: the second failure is thrown.
  } finally {
    server.closeAllConnections();
    server.close();
  }
  return { retries, text, hits: hits() };
}

describe("the idle watchdog measures silence on the wire", () => {
  it("does not give up on a stream that is quiet but sends pings", async () => {
    const { retries, text, hits } = await run(true);
    expect(retries).toEqual([]);
    expect(hits).toBe(1);
    expect(text).toBe("ok");
  });

  it("does give up on a stream that is silent for longer than the timeout", async () => {
    const { retries, hits } = await run(false);
    expect(retries[0]).toMatchObject({ errorKind: "network", status: null });
    expect(hits).toBe(2);
  });
});
