import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type FakeOpenAIChatOptions,
  type FakeOpenAIChatServer,
  startFakeOpenAIChat,
} from "@keel/fake-openai";
import type { Message, ModelResponse, ProviderEvent } from "@keel/protocol";
import { afterEach } from "vitest";
import type { ModelRequest } from "../src/index.js";
import { type ChatQuirks, OpenAIChatProvider } from "../src/openai-chat/index.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Starts a fake Chat Completions server (closed after the test) and a provider pointed at it. */
export async function startChat(
  options: FakeOpenAIChatOptions,
  quirks?: ChatQuirks,
): Promise<{ server: FakeOpenAIChatServer; provider: OpenAIChatProvider }> {
  const server = await startFakeOpenAIChat(options);
  closers.push(() => server.close());
  const provider = new OpenAIChatProvider({
    apiKey: "sk-test-key",
    baseUrl: server.baseUrl,
    ...(quirks ? { quirks } : {}),
  });
  return { server, provider };
}

/**
 * Serves fixed SSE text (as bytes, in writes of `chunkBytes`) to every request: real-format
 * streams written for the test, replayed exactly. Returns the base URL (`…/v1`).
 */
export async function serveRawSse(text: string, options: { chunkBytes?: number } = {}): Promise<string> {
  const bytes = Buffer.from(text, "utf8");
  const size = options.chunkBytes ?? bytes.length;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", async () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (let offset = 0; offset < bytes.length; offset += size) {
        res.write(bytes.subarray(offset, offset + size));
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

/** `data: <json>` frames (and `data: [DONE]` for the string "[DONE]") joined into SSE text. */
export function sse(frames: Array<unknown>, eol = "\n"): string {
  return frames.map((f) => `data: ${typeof f === "string" ? f : JSON.stringify(f)}${eol}${eol}`).join("");
}

export function chatRequest(messages: Message[], overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: "gpt-test-1",
    system: "You are a test assistant.",
    messages,
    tools: [
      {
        name: "Read",
        description: "Read a file",
        inputSchema: {
          type: "object",
          properties: { file_path: { type: "string" } },
          required: ["file_path"],
        },
      },
    ],
    maxTokens: 1024,
    ...overrides,
  };
}

export const userText = (text: string): Message => ({ role: "user", content: [{ type: "text", text }] });

/** Drains a stream; returns every event and the final response. */
export async function collect(
  stream: AsyncIterable<ProviderEvent>,
): Promise<{ events: ProviderEvent[]; response: ModelResponse }> {
  const events: ProviderEvent[] = [];
  for await (const event of stream) events.push(event);
  const last = events.at(-1);
  if (last?.type !== "message_end") throw new Error(`stream ended with ${last?.type ?? "nothing"}`);
  return { events, response: last.response };
}

/** Drains a stream that must fail; returns the error and the events seen before it. */
export async function collectError(
  stream: AsyncIterable<ProviderEvent>,
): Promise<{ events: ProviderEvent[]; error: unknown }> {
  const events: ProviderEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error };
  }
  throw new Error(`expected the stream to fail; it ended with ${events.at(-1)?.type ?? "nothing"}`);
}

export type ChatWireBodyForTests = {
  model: string;
  stream: boolean;
  stream_options?: { include_usage: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  tools?: Array<{ type: string; function: { name: string; description: string; parameters: unknown } }>;
  messages: Array<Record<string, unknown> & { role: string }>;
} & Record<string, unknown>;

/** The parsed JSON body the fake server received for request `index`. */
export function chatBody(server: FakeOpenAIChatServer, index: number): ChatWireBodyForTests {
  const recorded = server.requests[index];
  if (!recorded) throw new Error(`no request #${index}`);
  return JSON.parse(recorded.rawBody) as ChatWireBodyForTests;
}

export const signal = () => new AbortController().signal;
