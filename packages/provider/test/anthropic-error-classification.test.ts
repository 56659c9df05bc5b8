import { describe, expect, it } from "vitest";
import { classifyErrorFrame, classifyHttpError, parseRetryAfterMs } from "../src/index.js";

const http = (
  status: number,
  message = "msg",
  headers: Record<string, string> = {},
  type: string | null = null,
) =>
  classifyHttpError(
    { status, headers: new Headers(headers), type, message },
    Date.parse("2026-01-01T00:00:00Z"),
  );

describe("Anthropic error classification (wire-formats §3.5)", () => {
  it.each([
    [408, "server", true],
    [409, "server", true],
    [500, "server", true],
    [502, "server", true],
    [503, "server", true],
    [504, "server", true],
    [529, "overloaded", true],
    [429, "rate_limit", true],
    [401, "auth", false],
    [402, "auth", false],
    [403, "auth", false],
    [400, "invalid_request", false],
    [404, "invalid_request", false],
    [413, "invalid_request", false],
  ] as const)("HTTP %i → %s (retryable %s)", (status, kind, retryable) => {
    expect(http(status)).toMatchObject({ kind, retryable, status });
  });

  it("classifies 'prompt is too long' as context_overflow", () => {
    expect(http(400, "prompt is too long: 210000 tokens > 200000 maximum")).toMatchObject({
      kind: "context_overflow",
      retryable: false,
    });
  });

  it("lets x-should-retry override the status", () => {
    expect(http(503, "m", { "x-should-retry": "false" }).retryable).toBe(false);
    expect(http(400, "m", { "x-should-retry": "true" }).retryable).toBe(true);
  });

  it("treats a 429 that names a spend limit as retryable only when the server gave a retry-after", () => {
    const msg = "This request would exceed your organization's monthly spend limit.";
    expect(http(429, msg)).toMatchObject({ kind: "rate_limit", retryable: false });
    expect(http(429, msg, { "retry-after": "30" })).toMatchObject({
      kind: "rate_limit",
      retryable: true,
      retryAfterMs: 30_000,
    });
    expect(http(429, "Number of request tokens has exceeded your per-minute rate limit")).toMatchObject({
      retryable: true,
    });
  });

  it("reads retry-after-ms, then retry-after as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfterMs(new Headers({ "retry-after-ms": "150.5", "retry-after": "9" }), now)).toBe(
      150.5,
    );
    expect(parseRetryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(parseRetryAfterMs(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(parseRetryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" }), now)).toBe(
      7000,
    );
    expect(parseRetryAfterMs(new Headers({ "retry-after": "Wed, 31 Dec 2025 23:00:00 GMT" }), now)).toBe(0);
    expect(parseRetryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it("classifies SSE error frames by type, with no status", () => {
    expect(classifyErrorFrame("overloaded_error", "Overloaded")).toMatchObject({
      kind: "overloaded",
      retryable: true,
      status: null,
    });
    expect(classifyErrorFrame("api_error", "x")).toMatchObject({ kind: "server", retryable: true });
    expect(classifyErrorFrame("rate_limit_error", "x")).toMatchObject({
      kind: "rate_limit",
      retryable: true,
    });
    expect(classifyErrorFrame("invalid_request_error", "x")).toMatchObject({
      kind: "invalid_request",
      retryable: false,
    });
    expect(classifyErrorFrame("invalid_request_error", "prompt is too long")).toMatchObject({
      kind: "context_overflow",
    });
    expect(classifyErrorFrame("authentication_error", "x")).toMatchObject({ kind: "auth", retryable: false });
    expect(classifyErrorFrame("brand_new_error", "x")).toMatchObject({ kind: "server", retryable: true });
  });
});
