import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AnthropicProvider, ProviderError } from "../src/index.js";
import { collect, modelRequest, startAnthropic, userText } from "./anthropic-harness.js";

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]),
    ),
  );
  return nested.flat();
}

describe("Anthropic provider lifecycle", () => {
  it("never imports the SDK statically (it is loaded on the first stream call)", async () => {
    const files = await sourceFiles(join(import.meta.dirname, "../src"));
    for (const file of files) {
      const text = await readFile(file, "utf8");
      expect(text, file).not.toMatch(/^import\s+(?!type\b)[^;]*["']@anthropic-ai\/sdk/m);
      expect(text, file).not.toMatch(/^export\s+[^;]*from\s+["']@anthropic-ai\/sdk/m);
    }
  });

  it("fails with an auth error naming the env vars when no credentials were given", async () => {
    const provider = new AnthropicProvider({ baseUrl: "http://127.0.0.1:9" });
    const error = await collect(
      provider.stream(modelRequest([userText("hi")]), new AbortController().signal),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "auth", retryable: false });
    expect((error as Error).message).toMatch(/ANTHROPIC_API_KEY/);
  });

  it("sends the auth token and default headers it was given", async () => {
    const { server } = await startAnthropic({ script: [{ content: [{ type: "text", text: "ok" }] }] });
    const provider = new AnthropicProvider({
      authToken: "oauth-token",
      baseUrl: server.url,
      defaultHeaders: { "anthropic-beta": "fine-grained-tool-streaming-2025-05-14" },
    });
    await collect(provider.stream(modelRequest([userText("hi")]), new AbortController().signal));
    expect(server.requests[0]?.headers.authorization).toBe("Bearer oauth-token");
    expect(server.requests[0]?.headers["anthropic-beta"]).toBe("fine-grained-tool-streaming-2025-05-14");
  });

  it("throws kind aborted when the caller aborts mid-stream", async () => {
    const { provider } = await startAnthropic({
      script: [
        { content: [{ type: "text", text: "a long answer" }], faults: [{ kind: "stall", afterEvents: 3 }] },
      ],
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of provider.stream(modelRequest([userText("hi")]), controller.signal)) {
        seen.push(event.type);
        if (event.type === "text_delta") controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(seen).toContain("text_delta");
    expect(error).toMatchObject({ kind: "aborted", retryable: false });
  });
});
