import { describe, expect, it } from "vitest";
import { ProviderError } from "../src/index.js";
import {
  classifyResponsesErrorEvent,
  classifyResponsesHttpError,
  OpenAIResponsesProvider,
} from "../src/openai-responses/index.js";
import { failure, modelRequest, signal, startResponses, userText } from "./openai-responses-harness.js";

const http = (
  status: number,
  code: string | null = null,
  headers: Record<string, string> = {},
  message = "msg",
) => classifyResponsesHttpError({ status, headers: new Headers(headers), code, type: null, message });

const text = [{ type: "message" as const, text: "never" }];

describe("OpenAI Responses: HTTP errors, classified", () => {
  it.each([
    [408, "server", true],
    [409, "server", true],
    [500, "server", true],
    [502, "server", true],
    [504, "server", true],
    [503, "overloaded", true],
    [429, "rate_limit", true],
    [401, "auth", false],
    [403, "auth", false],
    [400, "invalid_request", false],
    [404, "invalid_request", false],
    [413, "invalid_request", false],
  ] as const)("HTTP %i → %s (retryable %s)", (status, kind, retryable) => {
    expect(http(status)).toMatchObject({ kind, retryable, status });
  });

  it("a 400 with code context_length_exceeded is a context overflow", () => {
    expect(http(400, "context_length_exceeded")).toMatchObject({
      kind: "context_overflow",
      retryable: false,
    });
  });

  it("a 429 insufficient_quota is not retried, even with retry-after", () => {
    expect(http(429, "insufficient_quota", { "retry-after": "20" })).toMatchObject({
      kind: "rate_limit",
      retryable: false,
    });
  });

  it("x-should-retry overrides the status", () => {
    expect(http(503, null, { "x-should-retry": "false" }).retryable).toBe(false);
    expect(http(400, null, { "x-should-retry": "true" }).retryable).toBe(true);
  });

  it("over the wire: a 429 with retry-after carries the wait, and the SDK does not retry it itself", async () => {
    const { server, provider } = await startResponses({
      script: [{ output: text, faults: [{ kind: "http", status: 429, headers: { "retry-after": "7" } }] }],
    });
    const error = await failure(provider.stream(modelRequest([userText("hi")]), signal()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "rate_limit", retryable: true, status: 429, retryAfterMs: 7000 });
    expect(server.requests).toHaveLength(1);
  });

  it("over the wire: context_length_exceeded, 500 and 401 bodies", async () => {
    const { server, provider } = await startResponses(
      {
        apiKey: "sk-right",
        script: [
          {
            output: text,
            faults: [
              {
                kind: "http",
                status: 400,
                body: {
                  error: {
                    message:
                      "Your input exceeds the context window of this model. Please adjust your input and try again.",
                    type: "invalid_request_error",
                    param: "input",
                    code: "context_length_exceeded",
                  },
                },
              },
              { kind: "http", status: 500 },
            ],
          },
        ],
      },
      { apiKey: "sk-right" },
    );
    const overflow = await failure(provider.stream(modelRequest([userText("hi")]), signal()));
    expect(overflow).toMatchObject({ kind: "context_overflow", retryable: false, status: 400 });
    expect((overflow as Error).message).toMatch(/exceeds the context window/);
    const serverError = await failure(provider.stream(modelRequest([userText("hi")]), signal()));
    expect(serverError).toMatchObject({ kind: "server", retryable: true, status: 500 });

    const wrongKey = new OpenAIResponsesProvider({ apiKey: "sk-wrong-key", baseUrl: server.url });
    const unauthorized = await failure(wrongKey.stream(modelRequest([userText("hi")]), signal()));
    expect(unauthorized).toMatchObject({ kind: "auth", retryable: false, status: 401 });
    expect((unauthorized as Error).message).toMatch(/OPENAI_API_KEY/);
    expect((unauthorized as Error).message).not.toContain("sk-wrong-key");
    expect(server.requests.map((r) => r.status)).toEqual([400, 500, 401]);
  });

  it("a missing API key fails before any request, naming OPENAI_API_KEY", async () => {
    const { server, provider } = await startResponses({ script: [] }, { apiKey: "" });
    const error = await failure(provider.stream(modelRequest([userText("hi")]), signal()));
    expect(error).toMatchObject({ kind: "auth", retryable: false });
    expect((error as Error).message).toMatch(/OPENAI_API_KEY/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("OpenAI Responses: mid-stream failures, classified", () => {
  it.each([
    ["server_error", null, "server", true],
    ["rate_limit_exceeded", "tokens", "rate_limit", true],
    ["insufficient_quota", "insufficient_quota", "rate_limit", false],
    ["context_length_exceeded", "invalid_request_error", "context_overflow", false],
    ["invalid_prompt", "invalid_request_error", "invalid_request", false],
    ["invalid_image_url", null, "invalid_request", false],
    ["bio_policy", null, "invalid_request", false],
    ["server_is_overloaded", null, "overloaded", true],
    [null, "server_error", "server", true],
    [null, "error", "server", true],
    ["something_new", null, "server", true],
  ] as const)("code %s / type %s → %s (retryable %s)", (code, type, kind, retryable) => {
    expect(classifyResponsesErrorEvent(code, type, "m")).toMatchObject({ kind, retryable, status: null });
  });

  for (const shape of ["nested", "flat"] as const) {
    it(`error event (${shape}) then response.failed after partial text: server error, retryable`, async () => {
      const { provider } = await startResponses({
        chunkBytes: 5,
        script: [
          {
            output: [{ type: "message", text: "a partial answer that will not finish" }],
            faults: [{ kind: "error_event", afterEvents: 6, shape }],
          },
        ],
      });
      const seen: string[] = [];
      const error = await (async () => {
        for await (const e of provider.stream(modelRequest([userText("hi")]), signal())) seen.push(e.type);
      })().catch((e: unknown) => e);
      expect(seen).toContain("text_delta");
      expect(seen).not.toContain("message_end");
      expect(error).toMatchObject({ kind: "server", retryable: true, status: null });
      expect((error as Error).message).toMatch(/mid-response \(server_error\)/);
    });
  }

  it("a reset mid-stream is a retryable network error; a reset before headers too", async () => {
    const { provider } = await startResponses({
      script: [
        {
          output: [{ type: "message", text: "text" }],
          faults: [
            { kind: "reset", afterEvents: 4 },
            { kind: "reset", afterEvents: 0 },
          ],
        },
      ],
    });
    const midStream = await failure(provider.stream(modelRequest([userText("hi")]), signal()));
    expect(midStream).toMatchObject({ kind: "network", retryable: true, status: null });
    expect((midStream as Error).message).toMatch(/lost mid-stream|before response\.completed/);
    const beforeHeaders = await failure(provider.stream(modelRequest([userText("hi")]), signal()));
    expect(beforeHeaders).toMatchObject({ kind: "network", retryable: true });
    expect((beforeHeaders as Error).message).toMatch(/Could not reach the OpenAI API/);
  });

  it("a body that ends without a terminal event is a retryable network error", async () => {
    const { provider } = await startResponses({
      script: [{ output: [{ type: "message", text: "text" }], faults: [{ kind: "end", afterEvents: 5 }] }],
    });
    const error = await failure(provider.stream(modelRequest([userText("hi")]), signal()));
    expect(error).toMatchObject({ kind: "network", retryable: true });
    expect((error as Error).message).toMatch(/before response\.completed/);
  });
});
