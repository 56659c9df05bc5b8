import { describe, expect, it } from "vitest";
import { ProviderError } from "../src/index.js";
import { type ChatErrorFacts, classifyChatError } from "../src/openai-chat/index.js";
import { chatRequest, collectError, signal, startChat, userText } from "./openai-chat-harness.js";

const NOW = Date.parse("2026-01-01T00:00:00Z");
const http = (status: number, facts: Partial<ChatErrorFacts> = {}, headers: Record<string, string> = {}) =>
  classifyChatError(
    { status, headers: new Headers(headers), type: null, code: null, message: "msg", ...facts },
    NOW,
  );

describe("Chat Completions error classification", () => {
  it.each([
    [400, "invalid_request", false],
    [401, "auth", false],
    [402, "auth", false],
    [403, "auth", false],
    [404, "invalid_request", false],
    [408, "server", true],
    [409, "server", true],
    [413, "invalid_request", false],
    [422, "invalid_request", false],
    [429, "rate_limit", true],
    [500, "server", true],
    [502, "server", true],
    [503, "overloaded", true],
    [504, "server", true],
    [529, "overloaded", true],
  ] as const)("HTTP %i → %s (retryable %s)", (status, kind, retryable) => {
    expect(http(status)).toMatchObject({ kind, retryable, status });
  });

  it("classifies context overflow by code, and by the wording of compatible servers", () => {
    expect(http(400, { code: "context_length_exceeded" })).toMatchObject({ kind: "context_overflow" });
    expect(
      http(400, {
        message: "This model's maximum context length is 4096 tokens. However, you requested 5000.",
      }),
    ).toMatchObject({ kind: "context_overflow", retryable: false });
    expect(http(400, { message: "the request exceeds the available context size" })).toMatchObject({
      kind: "context_overflow",
    });
  });

  it("does not retry an exhausted quota, honours retry-after and x-should-retry", () => {
    expect(http(429, { code: "insufficient_quota", type: "insufficient_quota" })).toMatchObject({
      kind: "rate_limit",
      retryable: false,
    });
    expect(http(429, {}, { "retry-after": "3" })).toMatchObject({ retryable: true, retryAfterMs: 3000 });
    expect(http(429, {}, { "retry-after-ms": "150" }).retryAfterMs).toBe(150);
    expect(http(503, {}, { "x-should-retry": "false" }).retryable).toBe(false);
    expect(http(400, {}, { "x-should-retry": "true" }).retryable).toBe(true);
  });

  it("classifies error objects inside the stream (no status) by code and type; unknown ones are retryable", () => {
    const frame = (facts: Partial<ChatErrorFacts>) =>
      classifyChatError({ status: null, headers: undefined, type: null, code: null, message: "m", ...facts });
    expect(frame({ type: "server_error" })).toMatchObject({ kind: "server", retryable: true, status: null });
    expect(frame({ code: "rate_limit_exceeded" })).toMatchObject({ kind: "rate_limit", retryable: true });
    expect(frame({ type: "invalid_request_error" })).toMatchObject({
      kind: "invalid_request",
      retryable: false,
    });
    expect(frame({ code: "context_length_exceeded" })).toMatchObject({ kind: "context_overflow" });
    expect(frame({ code: 429 })).toMatchObject({ kind: "rate_limit", retryable: true, status: null });
    expect(frame({ type: "brand_new_error" })).toMatchObject({ kind: "server", retryable: true });
  });
});

describe("Chat Completions HTTP errors over the wire", () => {
  it("turns the server's JSON error body into a classified ProviderError with its message and retry-after", async () => {
    const { provider } = await startChat({
      script: [
        {
          content: [{ type: "text", text: "never" }],
          faults: [
            { kind: "http", status: 429, headers: { "retry-after": "2" } },
            { kind: "http", status: 400, code: "context_length_exceeded" },
            { kind: "http", status: 401 },
          ],
        },
      ],
    });
    const run = () => collectError(provider.stream(chatRequest([userText("hi")]), signal()));
    const rate = (await run()).error as ProviderError;
    expect(rate).toBeInstanceOf(ProviderError);
    expect(rate).toMatchObject({ kind: "rate_limit", retryable: true, status: 429, retryAfterMs: 2000 });
    expect(rate.message).toMatch(/Rate limited \(429\): Rate limit reached for requests/);
    expect((await run()).error).toMatchObject({ kind: "context_overflow", status: 400 });
    const auth = (await run()).error as ProviderError;
    expect(auth).toMatchObject({ kind: "auth", retryable: false, status: 401 });
    expect(auth.message).toMatch(/Incorrect API key/);
    expect(auth.message).not.toContain("sk-test-key");
  });

  it("reports a connection reset before any response, and one mid-stream, as retryable network errors", async () => {
    const { provider } = await startChat({
      script: [
        {
          content: [{ type: "text", text: "a fairly long answer" }],
          faults: [
            { kind: "reset", afterEvents: 0 },
            { kind: "reset", afterEvents: 2 },
            { kind: "end", afterEvents: 2 },
          ],
        },
      ],
    });
    const run = () => collectError(provider.stream(chatRequest([userText("hi")]), signal()));
    const before = (await run()).error as ProviderError;
    expect(before).toMatchObject({ kind: "network", retryable: true, status: null });
    expect(before.message).toMatch(/Could not reach the model server/);
    const mid = await run();
    expect(mid.events.some((e) => e.type === "text_delta")).toBe(true);
    expect(mid.error).toMatchObject({ kind: "network", retryable: true, status: null });
    const ended = (await run()).error as ProviderError;
    expect(ended).toMatchObject({ kind: "network", retryable: true });
    expect(ended.message).toMatch(/ended before a finish_reason/);
  });
});
