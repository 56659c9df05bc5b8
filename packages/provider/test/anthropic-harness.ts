import { type FakeAnthropicServer, type FakeServerOptions, startFakeAnthropic } from "@keel/fake-anthropic";
import type { Message, ModelResponse, ProviderEvent } from "@keel/protocol";
import { afterEach } from "vitest";
import { AnthropicProvider, type ModelRequest } from "../src/index.js";

const servers: FakeAnthropicServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Starts a fake Anthropic server (closed after the test) and a provider pointed at it. */
export async function startAnthropic(
  options: FakeServerOptions,
): Promise<{ server: FakeAnthropicServer; provider: AnthropicProvider }> {
  const server = await startFakeAnthropic(options);
  servers.push(server);
  return { server, provider: new AnthropicProvider({ apiKey: "test-key", baseUrl: server.url }) };
}

export function modelRequest(messages: Message[], overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: "claude-test-1",
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

/** The parsed JSON body the fake server received for request `index`. */
export function wireBody(server: FakeAnthropicServer, index: number): WireBodyForTests {
  const recorded = server.requests[index];
  if (!recorded) throw new Error(`no request #${index}`);
  return JSON.parse(recorded.rawBody) as WireBodyForTests;
}

export interface WireBlockForTests {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  data?: string;
  id?: string;
  tool_use_id?: string;
  cache_control?: { type: string };
  [key: string]: unknown;
}

export interface WireBodyForTests {
  model: string;
  max_tokens: number;
  system?: WireBlockForTests[];
  tools?: Array<{ name: string; cache_control?: unknown }>;
  thinking?: unknown;
  messages: Array<{ role: string; content: WireBlockForTests[] }>;
}
