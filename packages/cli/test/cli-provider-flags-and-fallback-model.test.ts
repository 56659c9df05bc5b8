// `--provider`, `--model provider/id`, settings providers and `--fallback-model`, end to end
// against the fake Anthropic and OpenAI servers; `total_cost_usd` from the dated catalog.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFakeAnthropic } from "@keel/fake-anthropic";
import { startFakeOpenAIChat, startFakeOpenAIResponses } from "@keel/fake-openai";
import { afterEach, describe, expect, it } from "vitest";
import { HELP_TEXT, parseCliArgs, UsageError } from "../src/args.js";
import { keelEnv, runKeel } from "./keel-harness.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

/** A workspace whose env has no provider credentials at all. */
function bareEnv(extra: Record<string, string> = {}) {
  const ke = keelEnv("http://127.0.0.1:9", extra);
  delete ke.env.ANTHROPIC_API_KEY;
  delete ke.env.ANTHROPIC_BASE_URL;
  return ke;
}

describe("--provider and --fallback-model", () => {
  it("are parsed, need a value, and are in --help", () => {
    const o = parseCliArgs(["-p", "hi", "--provider", "local", "--fallback-model", "openai/gpt-6-sol"]);
    expect(o).toMatchObject({ provider: "local", fallbackModel: "openai/gpt-6-sol" });
    expect(parseCliArgs(["-p", "hi"])).toMatchObject({ provider: undefined, fallbackModel: undefined });
    expect(() => parseCliArgs(["-p", "hi", "--provider", " "])).toThrow(UsageError);
    expect(() => parseCliArgs(["-p", "hi", "--fallback-model", ""])).toThrow(
      /--fallback-model needs a value/,
    );
    expect(HELP_TEXT).toMatch(/--provider <name>/);
    expect(HELP_TEXT).toMatch(/--fallback-model <id>/);
  });

  it("an unknown provider: exit 1, one stderr line listing the configured providers", async () => {
    const ke = bareEnv({ ANTHROPIC_API_KEY: "sk-test-key" });
    writeFileSync(
      join(ke.home, "settings.json"),
      JSON.stringify({ providers: { local: { api: "openai-chat", baseUrl: "http://localhost:11434/v1" } } }),
    );
    const r = await runKeel(["-p", "hi", "--provider", "ollama"], ke);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^keel: Unknown provider "ollama".*anthropic, openai, openai-chat, openai-responses, local/,
    );
  });

  it("the Responses API with OPENAI_API_KEY: the model goes to the server bare, the cost comes from the catalog", async () => {
    const server = await startFakeOpenAIResponses({
      script: [
        {
          output: [{ type: "message", text: "hello from responses" }],
          usage: { input_tokens: 200_000, cached_tokens: 100_000, output_tokens: 50_000 },
        },
      ],
    });
    closers.push(() => server.close());
    const ke = bareEnv({ OPENAI_API_KEY: "sk-oai-test", OPENAI_BASE_URL: server.url });
    const r = await runKeel(
      [
        "-p",
        "hi",
        "--output-format",
        "json",
        "--provider",
        "openai-responses",
        "--model",
        "openai-responses/gpt-6.2-sol",
      ],
      ke,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect((server.requests[0]!.body as { model: string }).model).toBe("gpt-6.2-sol");
    expect(r.lines[0]).toMatchObject({ result: "hello from responses", is_error: false });
    // gpt-6.2-sol (2026-11-18): $2 input, $0.10 cached input, $10 output per MTok:
    // 100,000 × 2 + 100,000 × 0.10 + 50,000 × 10 = 0.20 + 0.01 + 0.50
    expect(r.lines[0]!.total_cost_usd).toBeCloseTo(0.71, 10);
  });

  it("a settings provider on a local server: `--model local/qwen3`, no key, the price from settings `models`", async () => {
    const server = await startFakeOpenAIChat({
      apiKey: null,
      script: [
        {
          content: [{ type: "text", text: "local answer" }],
          usage: { prompt_tokens: 1000, completion_tokens: 200 },
        },
      ],
    });
    closers.push(() => server.close());
    const ke = bareEnv();
    writeFileSync(
      join(ke.home, "settings.json"),
      JSON.stringify({
        providers: {
          local: { api: "openai-chat", baseUrl: server.baseUrl, quirks: { developerRole: false } },
        },
        models: { "local/qwen3": { contextWindow: 32_768, price: { inputPerMTok: 1, outputPerMTok: 2 } } },
      }),
    );
    const r = await runKeel(["-p", "hi", "--output-format", "stream-json", "--model", "local/qwen3"], ke);
    expect(r.code, r.stderr).toBe(0);
    const body = server.requests[0]!.body as { model: string; messages: Array<{ role: string }> };
    expect(body.model).toBe("qwen3");
    expect(body.messages[0]!.role).toBe("system");
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(r.lines[0]).toMatchObject({
      type: "system",
      subtype: "init",
      model: "qwen3",
      apiKeySource: "none",
    });
    // 1000 × $1 + 200 × $2 per MTok
    expect(r.lines.at(-1)!.total_cost_usd).toBeCloseTo(0.0014, 10);
  });

  it("--fallback-model on another provider: after the retries, the same request goes once to the fallback, with a warning", async () => {
    const anthropic = await startFakeAnthropic({
      script: [
        {
          content: [{ type: "text", text: "never served" }],
          faults: [
            { kind: "http", status: 529 },
            { kind: "http", status: 529 },
          ],
        },
      ],
    });
    closers.push(() => anthropic.close());
    const openai = await startFakeOpenAIChat({
      script: [
        {
          content: [{ type: "text", text: "the fallback answered" }],
          usage: { prompt_tokens: 10_000, completion_tokens: 1000 },
        },
      ],
    });
    closers.push(() => openai.close());
    const ke = keelEnv(anthropic.url, {
      OPENAI_API_KEY: "sk-oai-test",
      OPENAI_BASE_URL: openai.baseUrl,
      KEEL_MAX_RETRIES: "1",
    });
    const r = await runKeel(
      [
        "-p",
        "hi",
        "--output-format",
        "stream-json",
        "--verbose",
        "--model",
        "claude-sonnet-5-5",
        "--fallback-model",
        "openai/gpt-6-sol",
      ],
      ke,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(anthropic.requests.map((q) => q.status)).toEqual([529, 529]);
    expect(openai.requests).toHaveLength(1);
    const body = openai.requests[0]!.body as {
      model: string;
      messages: Array<{ role: string; content: unknown }>;
    };
    expect(body.model).toBe("gpt-6-sol");
    expect(JSON.stringify(body.messages.at(-1))).toContain("hi");
    expect(r.stderr).toMatch(/"claude-sonnet-5-5" is overloaded.*fallback model "gpt-6-sol"/);
    const result = r.lines.at(-1)!;
    expect(result).toMatchObject({ type: "result", is_error: false, result: "the fallback answered" });
    // Priced as gpt-6-sol ($2 in, $10 out), not as the primary model: 0.02 + 0.01
    expect(result.total_cost_usd).toBeCloseTo(0.03, 10);
  });
});
