import {
  type FakeResponsesOptions,
  type FakeResponsesServer,
  startFakeOpenAIResponses,
} from "@keel/fake-openai";
import type { Message, ProviderEvent } from "@keel/protocol";
import type { ModelRequest } from "../src/index.js";
import {
  OpenAIResponsesProvider,
  type OpenAIResponsesProviderOptions,
} from "../src/openai-responses/index.js";
import { closeAfterTest, collectError, requestFor } from "./stream-test-kit.js";

export { collect, serveRawSse, signal, userText } from "./stream-test-kit.js";

/** Starts a fake Responses server (closed after the test) and a provider pointed at it. */
export async function startResponses(
  options: FakeResponsesOptions,
  providerOptions: Partial<OpenAIResponsesProviderOptions> = {},
): Promise<{ server: FakeResponsesServer; provider: OpenAIResponsesProvider }> {
  const server = await startFakeOpenAIResponses(options);
  closeAfterTest(() => server.close());
  const provider = new OpenAIResponsesProvider({
    apiKey: "sk-test-key",
    baseUrl: server.url,
    ...providerOptions,
  });
  return { server, provider };
}

/** Raw SSE for a list of events (`event:` line from each payload's type), as the API frames them. */
export function sse(events: Array<Record<string, unknown>>, eol = "\n"): string {
  return events.map((e) => `event: ${String(e.type)}${eol}data: ${JSON.stringify(e)}${eol}${eol}`).join("");
}

export const modelRequest = (messages: Message[], overrides: Partial<ModelRequest> = {}): ModelRequest =>
  requestFor("gpt-test-1", messages, overrides);

/** Drains a stream that must fail; returns the error. */
export async function failure(stream: AsyncIterable<ProviderEvent>): Promise<unknown> {
  return (await collectError(stream)).error;
}

export type InputItemForTests = Record<string, unknown> & { type?: string };

/** The `input` items of the JSON body the fake server received for request `index`. */
export function inputOf(server: FakeResponsesServer, index: number): InputItemForTests[] {
  const recorded = server.requests[index];
  if (!recorded) throw new Error(`no request #${index}`);
  return (JSON.parse(recorded.rawBody) as { input: InputItemForTests[] }).input;
}
