import type { ProviderEvent } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { type ModelProvider, ProviderError, type RetryInfo, streamWithRetry } from "../src/index.js";
import { collect, modelRequest, startAnthropic, userText } from "./anthropic-harness.js";

async function failure(stream: AsyncIterable<ProviderEvent>): Promise<ProviderError> {
  const error = await collect(stream).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

async function attempt(faults: Parameters<typeof startAnthropic>[0]["script"], maxRetries?: number) {
  const { server, provider } = await startAnthropic({ script: faults });
  const retries: RetryInfo[] = [];
  const options = {
    signal: new AbortController().signal,
    sleep: async () => undefined,
    onRetry: (info: RetryInfo) => retries.push(info),
    ...(maxRetries === undefined ? {} : { maxRetries }),
  };
  const error = await failure(streamWithRetry(provider, modelRequest([userText("hi")]), options));
  return { error, retries, server };
}

const ok = { content: [{ type: "text" as const, text: "never served" }] };

describe("streamWithRetry: failures that retrying cannot fix end at once", () => {
  it("fails a 401 immediately with an actionable auth message", async () => {
    const { error, retries, server } = await attempt([
      {
        ...ok,
        faults: [
          {
            kind: "http",
            status: 401,
            body: { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } },
          },
        ],
      },
    ]);
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ kind: "auth", retryable: false, status: 401 });
    expect(error.message).toBe(
      "Authentication failed (401): invalid x-api-key. Check ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN.",
    );
  });

  it("obeys x-should-retry: false on a 503", async () => {
    const { error, retries } = await attempt([
      { ...ok, faults: [{ kind: "http", status: 503, headers: { "x-should-retry": "false" } }] },
    ]);
    expect(retries).toEqual([]);
    expect(error).toMatchObject({ kind: "server", retryable: false, status: 503 });
  });

  it("does not retry a spend-cap 429 that has no retry-after", async () => {
    const { error, retries } = await attempt([
      {
        ...ok,
        faults: [
          {
            kind: "http",
            status: 429,
            body: {
              type: "error",
              error: {
                type: "rate_limit_error",
                message: "You have reached your specified workspace API usage limits.",
              },
            },
          },
        ],
      },
    ]);
    expect(retries).toEqual([]);
    expect(error).toMatchObject({ kind: "rate_limit", retryable: false, status: 429 });
    expect(error.message).toMatch(/Usage limit reached \(429\).*Not retrying/);
  });

  it("throws the last error, saying it gave up, once retries are exhausted", async () => {
    const { error, retries, server } = await attempt(
      [
        {
          ...ok,
          faults: [
            { kind: "http", status: 529 },
            { kind: "http", status: 529 },
            { kind: "http", status: 500 },
          ],
        },
      ],
      2,
    );
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    expect(server.requests).toHaveLength(3);
    expect(error).toMatchObject({ kind: "server", status: 500 });
    expect(error.message).toMatch(/Anthropic API error \(500\).*\(gave up after 2 retries\)$/);
  });

  it("stops promptly with kind aborted when the caller aborts during the backoff wait", async () => {
    const { provider } = await startAnthropic({
      script: [{ ...ok, faults: [{ kind: "http", status: 529 }] }],
    });
    const controller = new AbortController();
    const stream = streamWithRetry(provider, modelRequest([userText("hi")]), {
      signal: controller.signal,
      baseDelayMs: 3_600_000, // the default sleep would wait an hour
      maxDelayMs: 3_600_000,
      random: () => 0,
      onRetry: () => queueMicrotask(() => controller.abort()),
    });
    const error = await failure(stream);
    expect(error).toMatchObject({ kind: "aborted", retryable: false });
  });

  it("lets a non-provider error (a bug) through unchanged, without retrying", async () => {
    const broken: ModelProvider = {
      id: "broken",
      // biome-ignore lint/correctness/useYield: fails before its first event on purpose
      async *stream() {
        throw new TypeError("bug in adapter");
      },
    };
    let retried = false;
    const error = await collect(
      streamWithRetry(broken, modelRequest([userText("hi")]), {
        signal: new AbortController().signal,
        onRetry: () => {
          retried = true;
        },
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(retried).toBe(false);
  });
});
