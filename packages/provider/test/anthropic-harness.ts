import { type FakeAnthropicServer, type FakeServerOptions, startFakeAnthropic } from "@keel/fake-anthropic";
import type { Message } from "@keel/protocol";
import { AnthropicProvider, type ModelRequest } from "../src/index.js";
import { closeAfterTest, requestFor } from "./stream-test-kit.js";

export { collect, userText } from "./stream-test-kit.js";

/** Starts a fake Anthropic server (closed after the test) and a provider pointed at it. */
export async function startAnthropic(
  options: FakeServerOptions,
): Promise<{ server: FakeAnthropicServer; provider: AnthropicProvider }> {
  const server = await startFakeAnthropic(options);
  closeAfterTest(() => server.close());
  return { server, provider: new AnthropicProvider({ apiKey: "test-key", baseUrl: server.url }) };
}

export const modelRequest = (messages: Message[], overrides: Partial<ModelRequest> = {}): ModelRequest =>
  requestFor("claude-test-1", messages, overrides);

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
