import { readdir, readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RetryInfo, streamWithRetry } from "../src/index.js";
import { OpenAIChatProvider } from "../src/openai-chat/index.js";
import { chatRequest, collect, signal, startChat, userText } from "./openai-chat-harness.js";

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** One chunk, then `gapMs` of silence or of `: keep-alive` comments every 100 ms, then the rest. */
async function slowServer(options: { gapMs: number; keepAlive: boolean }) {
  let hits = 0;
  const frame = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
  const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null) => ({
    id: "c",
    object: "chat.completion.chunk",
    model: "m",
    choices: [{ index: 0, delta, finish_reason }],
  });
  const server = createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(frame(chunk({ role: "assistant", content: "" })));
    const pinger = options.keepAlive ? setInterval(() => res.write(": keep-alive\n\n"), 100) : undefined;
    const timer = setTimeout(() => {
      clearInterval(pinger);
      res.end(`${frame(chunk({ content: "late but fine" }))}${frame(chunk({}, "stop"))}data: [DONE]\n\n`);
    }, options.gapMs);
    res.on("close", () => {
      clearTimeout(timer);
      clearInterval(pinger);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => {
    server.close();
    server.closeAllConnections();
  });
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, hits: () => hits };
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]),
    ),
  );
  return nested.flat();
}

describe("Chat Completions provider lifecycle", () => {
  it("never imports the openai SDK statically (it is loaded on the first stream call)", async () => {
    const files = await sourceFiles(join(import.meta.dirname, "../src/openai-chat"));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = await readFile(file, "utf8");
      expect(text, file).not.toMatch(/^import\s+(?!type\b)[^;]*["']openai(\/[^"']*)?["']/m);
      expect(text, file).not.toMatch(/^export\s+[^;]*from\s+["']openai(\/[^"']*)?["']/m);
    }
  });

  it("uses a configurable id and never reads the environment for its key or base URL", async () => {
    const saved = { key: process.env.OPENAI_API_KEY, base: process.env.OPENAI_BASE_URL };
    process.env.OPENAI_API_KEY = "sk-from-env";
    process.env.OPENAI_BASE_URL = "http://127.0.0.1:9/v1";
    try {
      const { server } = await startChat({
        apiKey: null,
        script: [{ content: [{ type: "text", text: "ok" }] }],
      });
      const provider = new OpenAIChatProvider({ id: "local", baseUrl: server.baseUrl });
      expect(provider.id).toBe("local");
      await collect(provider.stream(chatRequest([userText("hi")]), signal()));
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.headers.authorization).toBeUndefined();
    } finally {
      if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved.key;
      if (saved.base === undefined) delete process.env.OPENAI_BASE_URL;
      else process.env.OPENAI_BASE_URL = saved.base;
    }
  });

  it("throws kind aborted when the caller aborts mid-stream", async () => {
    const { provider } = await startChat({
      script: [
        { content: [{ type: "text", text: "a long answer" }], faults: [{ kind: "stall", afterEvents: 3 }] },
      ],
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of provider.stream(chatRequest([userText("hi")]), controller.signal)) {
        seen.push(event.type);
        if (event.type === "text_delta") controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(seen).toContain("text_delta");
    expect(error).toMatchObject({ kind: "aborted", retryable: false });
  });

  it("keep-alive comments count as activity for the idle watchdog; silence does not", async () => {
    // The watchdog also times the SDK's first (lazy) import: load it before timing anything.
    await import("openai");
    const run = async (keepAlive: boolean) => {
      const { baseUrl, hits } = await slowServer({ gapMs: 700, keepAlive });
      const provider = new OpenAIChatProvider({ apiKey: "k", baseUrl });
      const retries: RetryInfo[] = [];
      const outcome = await collect(
        streamWithRetry(provider, chatRequest([userText("hi")]), {
          signal: new AbortController().signal,
          idleTimeoutMs: 400,
          maxRetries: 0,
          onRetry: (info) => retries.push(info),
        }),
      ).catch((e: unknown) => e);
      return { outcome, hits: hits() };
    };
    const alive = await run(true);
    expect(alive.hits).toBe(1);
    expect(alive.outcome).toMatchObject({
      response: { message: { content: [{ type: "text", text: "late but fine" }] } },
    });
    const silent = await run(false);
    expect(silent.outcome).toMatchObject({ kind: "network", retryable: true });
    expect((silent.outcome as Error).message).toMatch(/no data for 400 ms/);
  });
});
