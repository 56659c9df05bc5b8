import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type FakeResponsesOptions,
  type FakeResponsesServer,
  startFakeOpenAIResponses,
} from "@keel/fake-openai";
import type { Message, ModelResponse, ProviderEvent } from "@keel/protocol";
import { afterEach } from "vitest";
import type { ModelRequest } from "../src/index.js";
import {
  OpenAIResponsesProvider,
  type OpenAIResponsesProviderOptions,
} from "../src/openai-responses/index.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Starts a fake Responses server (closed after the test) and a provider pointed at it. */
export async function startResponses(
  options: FakeResponsesOptions,
  providerOptions: Partial<OpenAIResponsesProviderOptions> = {},
): Promise<{ server: FakeResponsesServer; provider: OpenAIResponsesProvider }> {
  const server = await startFakeOpenAIResponses(options);
  closers.push(() => server.close());
  const provider = new OpenAIResponsesProvider({
    apiKey: "sk-test-key",
    baseUrl: server.url,
    ...providerOptions,
  });
  return { server, provider };
}

/**
 * Serves `body` (raw SSE text, written by the test) in writes of `chunkBytes`, once per request,
 * for replaying hand-written wire streams byte for byte.
 */
export async function serveRawSse(body: string, chunkBytes = 0): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server: Server = createServer(async (req, res) => {
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
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, bodies };
}

/** Raw SSE for a list of events (`event:` line from each payload's type), as the API frames them. */
export function sse(events: Array<Record<string, unknown>>, eol = "\n"): string {
  return events.map((e) => `event: ${String(e.type)}${eol}data: ${JSON.stringify(e)}${eol}${eol}`).join("");
}

export function modelRequest(messages: Message[], overrides: Partial<ModelRequest> = {}): ModelRequest {
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

/** Drains a stream that must fail; returns the error. */
export async function failure(stream: AsyncIterable<ProviderEvent>): Promise<unknown> {
  try {
    for await (const _ of stream) {
      // drain
    }
  } catch (error) {
    return error;
  }
  throw new Error("the stream did not fail");
}

export const signal = () => new AbortController().signal;

export type InputItemForTests = Record<string, unknown> & { type?: string };

/** The `input` items of the JSON body the fake server received for request `index`. */
export function inputOf(server: FakeResponsesServer, index: number): InputItemForTests[] {
  const recorded = server.requests[index];
  if (!recorded) throw new Error(`no request #${index}`);
  return (JSON.parse(recorded.rawBody) as { input: InputItemForTests[] }).input;
}
