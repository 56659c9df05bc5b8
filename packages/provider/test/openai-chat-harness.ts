import {
  type FakeOpenAIChatOptions,
  type FakeOpenAIChatServer,
  startFakeOpenAIChat,
} from "@keel/fake-openai";
import type { Message } from "@keel/protocol";
import type { ModelRequest } from "../src/index.js";
import { type ChatQuirks, OpenAIChatProvider } from "../src/openai-chat/index.js";
import { closeAfterTest, requestFor } from "./stream-test-kit.js";

export { collect, collectError, serveRawSse, signal, userText } from "./stream-test-kit.js";

/** Starts a fake Chat Completions server (closed after the test) and a provider pointed at it. */
export async function startChat(
  options: FakeOpenAIChatOptions,
  quirks?: ChatQuirks,
): Promise<{ server: FakeOpenAIChatServer; provider: OpenAIChatProvider }> {
  const server = await startFakeOpenAIChat(options);
  closeAfterTest(() => server.close());
  const provider = new OpenAIChatProvider({
    apiKey: "sk-test-key",
    baseUrl: server.baseUrl,
    ...(quirks ? { quirks } : {}),
  });
  return { server, provider };
}

/** `data: <json>` frames (and `data: [DONE]` for the string "[DONE]") joined into SSE text. */
export function sse(frames: Array<unknown>, eol = "\n"): string {
  return frames.map((f) => `data: ${typeof f === "string" ? f : JSON.stringify(f)}${eol}${eol}`).join("");
}

export const chatRequest = (messages: Message[], overrides: Partial<ModelRequest> = {}): ModelRequest =>
  requestFor("gpt-test-1", messages, overrides);

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
