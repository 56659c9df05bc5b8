import { describe, expect, it } from "vitest";
import { ProviderError } from "../src/index.js";
import { defaultChatQuirks, OpenAIChatProvider, resolveChatQuirks } from "../src/openai-chat/index.js";
import {
  chatBody,
  chatRequest,
  collect,
  collectError,
  signal,
  startChat,
  userText,
} from "./openai-chat-harness.js";

const twoCalls = {
  content: [
    { type: "tool_call" as const, name: "Read", arguments: { file_path: "/a" } },
    { type: "tool_call" as const, name: "Read", arguments: { file_path: "/b" } },
  ],
};

describe("ChatQuirks defaults", () => {
  it("differ between api.openai.com and a generic compatible server; explicit quirks override them", () => {
    expect(defaultChatQuirks()).toEqual({
      developerRole: true,
      maxTokensField: "max_completion_tokens",
      toolCallsWithoutIndex: false,
      stopWithToolCalls: true,
      noUsage: false,
    });
    expect(defaultChatQuirks("https://api.openai.com/v1")).toEqual(defaultChatQuirks());
    expect(defaultChatQuirks("http://localhost:11434/v1")).toEqual({
      developerRole: false,
      maxTokensField: "max_tokens",
      toolCallsWithoutIndex: false,
      stopWithToolCalls: true,
      noUsage: false,
    });
    expect(
      resolveChatQuirks("http://localhost:8000/v1", { noUsage: true, reasoningField: "reasoning" }),
    ).toMatchObject({ developerRole: false, noUsage: true, reasoningField: "reasoning" });
    const provider = new OpenAIChatProvider({
      baseUrl: "http://localhost:1234/v1",
      quirks: { developerRole: true },
    });
    expect(provider.quirks).toMatchObject({ developerRole: true, maxTokensField: "max_tokens" });
  });
});

describe("Chat Completions quirks against servers that differ", () => {
  it("a compatible server gets `system` and `max_tokens`; one that rejects `developer` fails when it is forced", async () => {
    const dialect = { rejectDeveloperRole: true, rejectMaxTokensField: "max_completion_tokens" as const };
    const { server, provider } = await startChat({
      dialect,
      script: [{ content: [{ type: "text", text: "ok" }] }],
    });
    await collect(provider.stream(chatRequest([userText("hi")]), signal()));
    const body = chatBody(server, 0);
    expect(body.messages[0]).toEqual({ role: "system", content: "You are a test assistant." });
    expect(body.max_tokens).toBe(1024);
    expect(body.max_completion_tokens).toBeUndefined();

    const forced = new OpenAIChatProvider({
      apiKey: "k",
      baseUrl: server.baseUrl,
      quirks: { developerRole: true },
    });
    const { error } = await collectError(forced.stream(chatRequest([userText("hi")]), signal()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid_request", retryable: false, status: 400 });
    expect((error as Error).message).toMatch(/'developer'/);
  });

  it("OpenAI's defaults (developer role, max_completion_tokens) pass a server that rejects max_tokens", async () => {
    const { server } = await startChat({
      dialect: { rejectMaxTokensField: "max_tokens" },
      script: [{ content: [{ type: "text", text: "ok" }] }, { content: [{ type: "text", text: "ok" }] }],
    });
    const asOpenAI = new OpenAIChatProvider({
      apiKey: "k",
      baseUrl: server.baseUrl,
      quirks: defaultChatQuirks(),
    });
    await collect(asOpenAI.stream(chatRequest([userText("hi")]), signal()));
    const body = chatBody(server, 0);
    expect(body.messages[0]?.role).toBe("developer");
    expect(body.max_completion_tokens).toBe(1024);
    expect(body.max_tokens).toBeUndefined();

    const generic = new OpenAIChatProvider({ apiKey: "k", baseUrl: server.baseUrl });
    const { error } = await collectError(generic.stream(chatRequest([userText("hi")]), signal()));
    expect((error as Error).message).toMatch(/Use 'max_completion_tokens' instead/);
  });

  it("noUsage leaves out stream_options for a server that rejects it, and reports zero usage", async () => {
    const { server, provider } = await startChat(
      { dialect: { noUsage: true }, script: [{ content: [{ type: "text", text: "ok" }] }] },
      { noUsage: true },
    );
    const { response } = await collect(provider.stream(chatRequest([userText("hi")]), signal()));
    expect(chatBody(server, 0).stream_options).toBeUndefined();
    expect(response.usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
    });

    const withUsage = new OpenAIChatProvider({ apiKey: "k", baseUrl: server.baseUrl });
    const { error } = await collectError(withUsage.stream(chatRequest([userText("hi")]), signal()));
    expect((error as Error).message).toMatch(/stream_options/);
    expect(server.requests.map((r) => r.status)).toEqual([200, 400]);
  });

  it("assembles tool calls sent without `index`, by id (default fallback and with toolCallsWithoutIndex)", async () => {
    for (const quirks of [undefined, { toolCallsWithoutIndex: true }]) {
      const { provider } = await startChat(
        { dialect: { toolCallsWithoutIndex: true }, chunkBytes: 5, script: [twoCalls] },
        quirks,
      );
      const { response } = await collect(provider.stream(chatRequest([userText("go")]), signal()));
      expect(response.message.content).toEqual([
        { type: "tool_use", id: "call_fake_1", name: "Read", input: { file_path: "/a" } },
        { type: "tool_use", id: "call_fake_2", name: "Read", input: { file_path: "/b" } },
      ]);
      expect(response.stopReason).toBe("tool_use");
    }
  });

  it("finish_reason stop with tool calls counts as tool_use unless stopWithToolCalls is off", async () => {
    const script = [twoCalls, twoCalls];
    const { server, provider } = await startChat({ dialect: { stopWithToolCalls: true }, script });
    const lenient = await collect(provider.stream(chatRequest([userText("go")]), signal()));
    expect(lenient.response.stopReason).toBe("tool_use");

    const strict = new OpenAIChatProvider({
      apiKey: "k",
      baseUrl: server.baseUrl,
      quirks: { stopWithToolCalls: false },
    });
    const literal = await collect(strict.stream(chatRequest([userText("go")]), signal()));
    expect(literal.response.stopReason).toBe("end_turn");
    expect(literal.response.message.content).toHaveLength(2);
  });

  it("sends reasoning back only in the field reasoningField names; a server that rejects it answers 400", async () => {
    const history = [
      userText("q"),
      {
        role: "assistant" as const,
        content: [
          { type: "thinking" as const, thinking: "Let me think.", signature: "" },
          { type: "text" as const, text: "A." },
        ],
      },
      userText("and?"),
    ];
    const accepting = await startChat(
      {
        dialect: { acceptReasoning: true, reasoningField: "reasoning_content" },
        script: [{ content: [{ type: "text", text: "ok" }] }],
      },
      { reasoningField: "reasoning_content" },
    );
    await collect(accepting.provider.stream(chatRequest(history), signal()));
    expect(chatBody(accepting.server, 0).messages[2]).toEqual({
      role: "assistant",
      content: "A.",
      reasoning_content: "Let me think.",
    });

    const rejecting = await startChat(
      { script: [{ content: [{ type: "text", text: "ok" }] }] },
      { reasoningField: "reasoning_content" },
    );
    const { error } = await collectError(rejecting.provider.stream(chatRequest(history), signal()));
    expect((error as Error).message).toMatch(/'reasoning_content' was unexpected/);
  });

  it("sends no Authorization header to a local server when no key is given; requires a key for api.openai.com", async () => {
    const { server } = await startChat({
      apiKey: null,
      script: [{ content: [{ type: "text", text: "ok" }] }],
    });
    const local = new OpenAIChatProvider({ baseUrl: server.baseUrl, headers: { "x-gateway": "g1" } });
    await collect(local.stream(chatRequest([userText("hi")]), signal()));
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]?.headers["x-gateway"]).toBe("g1");

    const { error } = await collectError(
      new OpenAIChatProvider({}).stream(chatRequest([userText("hi")]), signal()),
    );
    expect(error).toMatchObject({ kind: "auth", retryable: false });
    expect((error as Error).message).toMatch(/OPENAI_API_KEY/);

    // A wrong key on a server that checks: the message names the variable the key came from.
    const strict = await startChat({ apiKey: "sk-right", script: [] });
    const named = new OpenAIChatProvider({
      apiKey: "sk-wrong",
      apiKeyName: "GROQ_API_KEY",
      baseUrl: strict.server.baseUrl,
    });
    const denied = await collectError(named.stream(chatRequest([userText("hi")]), signal()));
    expect(denied.error).toMatchObject({ kind: "auth", status: 401 });
    expect((denied.error as Error).message).toMatch(/Check the API key \(GROQ_API_KEY\)/);
    expect((denied.error as Error).message).not.toContain("sk-wrong");
  });
});
