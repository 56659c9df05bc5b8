import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, modelRequest, startResponses, userText } from "./openai-responses-harness.js";

describe("OpenAI Responses provider lifecycle", () => {
  it("never imports the SDK statically (it is loaded on the first stream call)", async () => {
    const dir = join(import.meta.dirname, "../src/openai-responses");
    const files = await readdir(dir);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = await readFile(join(dir, file), "utf8");
      expect(text, file).not.toMatch(/^import\s+(?!type\b)[^;]*["']openai(\/[^"']*)?["']/m);
      expect(text, file).not.toMatch(/^export\s+[^;]*from\s+["']openai/m);
    }
  });

  it("sends the key as a bearer token, the extra headers, and nothing from the environment", async () => {
    const saved = process.env.OPENAI_ORG_ID;
    process.env.OPENAI_ORG_ID = "org-from-env";
    try {
      const { server, provider } = await startResponses(
        { script: [{ output: [{ type: "message", text: "ok" }] }] },
        { apiKey: "sk-given", headers: { "x-gateway": "keel" } },
      );
      await collect(provider.stream(modelRequest([userText("hi")]), new AbortController().signal));
      const headers = server.requests[0]!.headers;
      expect(headers.authorization).toBe("Bearer sk-given");
      expect(headers["x-gateway"]).toBe("keel");
      expect(headers).not.toHaveProperty("openai-organization");
      // SDK retries are off: the SDK announces its retry count as 0.
      expect(headers["x-stainless-retry-count"]).toBe("0");
    } finally {
      if (saved === undefined) delete process.env.OPENAI_ORG_ID;
      else process.env.OPENAI_ORG_ID = saved;
    }
  });

  it("reports wire activity (keep-alive comments included) to onActivity", async () => {
    const { provider } = await startResponses({
      keepalive: true,
      chunkBytes: 16,
      script: [{ output: [{ type: "message", text: "some text to stream" }] }],
    });
    let activity = 0;
    const { events } = await collect(
      provider.stream(modelRequest([userText("hi")]), new AbortController().signal, {
        onActivity: () => activity++,
      }),
    );
    expect(activity).toBeGreaterThan(events.length);
  });

  it("throws kind aborted when the caller aborts mid-stream", async () => {
    const { provider } = await startResponses({
      script: [
        { output: [{ type: "message", text: "a long answer" }], faults: [{ kind: "stall", afterEvents: 5 }] },
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

  it("throws kind aborted without a request when the signal is already aborted", async () => {
    const { server, provider } = await startResponses({ script: [] });
    const controller = new AbortController();
    controller.abort();
    const error = await collect(provider.stream(modelRequest([userText("hi")]), controller.signal)).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: "aborted" });
    expect(server.requests).toHaveLength(0);
  });
});
