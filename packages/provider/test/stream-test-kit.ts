// What every provider adapter's tests share: a request with one tool, stream draining, raw SSE
// replay, and servers closed after each test. Each adapter's harness adds its fake server.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Message, ModelResponse, ProviderEvent } from "@keel/protocol";
import { afterEach } from "vitest";
import type { ModelRequest } from "../src/index.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Runs `close` after the current test (servers, providers' fakes). */
export function closeAfterTest(close: () => Promise<void>): void {
  closers.push(close);
}

/** A request for `model` offering one tool (`Read`). */
export function requestFor(
  model: string,
  messages: Message[],
  overrides: Partial<ModelRequest> = {},
): ModelRequest {
  return {
    model,
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

export const signal = () => new AbortController().signal;

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

/**
 * Serves `body` (raw SSE text, written by the test) in writes of `chunkBytes` (0: one write),
 * once per request, for replaying hand-written wire streams byte for byte. Returns the base
 * URL (`…/v1`) and the request bodies received.
 */
export async function serveRawSse(body: string, chunkBytes = 0): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    bodies.push(Buffer.concat(chunks).toString("utf8"));
    res.writeHead(200, { "content-type": "text/event-stream" });
    const bytes = Buffer.from(body, "utf8");
    const size = chunkBytes > 0 ? chunkBytes : bytes.length;
    for (let offset = 0; offset < bytes.length; offset += size) {
      res.write(bytes.subarray(offset, offset + size));
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  closeAfterTest(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, bodies };
}
