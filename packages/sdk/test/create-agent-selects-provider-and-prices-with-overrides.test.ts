import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentEvent } from "@keel/protocol";
import { type ModelInfo, ScriptedProvider, type ScriptedTurn } from "@keel/provider";
import { describe, expect, it } from "vitest";
import { createAgent } from "../src/create-agent.js";
import type { ProviderSpec } from "../src/provider-selection/create-provider.js";
import { SdkError } from "../src/sdk-error.js";

const fixture: ModelInfo[] = [
  {
    id: "test-gpt",
    provider: "openai",
    contextWindow: 400_000,
    maxOutputTokens: 64_000,
    price: { inputPerMTok: 2, outputPerMTok: 10, cacheWritePerMTok: 2.5, cacheReadPerMTok: 0.1 },
    pricesAsOf: "2026-01-01",
  },
  {
    id: "test-claude",
    provider: "anthropic",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: { inputPerMTok: 3, outputPerMTok: 15, cacheWritePerMTok: 3.75, cacheReadPerMTok: 0.3 },
    pricesAsOf: "2026-01-01",
  },
];
const reply = (usage: ScriptedTurn["usage"]): ScriptedTurn => ({
  content: [{ type: "text", text: "ok" }],
  usage,
});

function setup(settings?: object) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "keel-create-agent-providers-")));
  const cwd = join(root, "project");
  const keelHome = join(root, "keel-home");
  mkdirSync(join(cwd, ".keel"), { recursive: true });
  mkdirSync(keelHome, { recursive: true });
  if (settings) writeFileSync(join(keelHome, "settings.json"), JSON.stringify(settings));
  const specs: ProviderSpec[] = [];
  const providers: ScriptedProvider[] = [];
  const createProvider = (turns: ScriptedTurn[]) => (spec: ProviderSpec) => {
    specs.push(spec);
    const p = new ScriptedProvider(turns, { id: spec.api });
    providers.push(p);
    return p;
  };
  const sessionHeaders = () => {
    const dir = join(keelHome, "projects");
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((p) =>
      readdirSync(join(dir, p)).map((f) => JSON.parse(readFileSync(join(dir, p, f), "utf8").split("\n")[0]!)),
    );
  };
  return {
    cwd,
    keelHome,
    specs,
    providers,
    createProvider,
    sessionHeaders,
    env: { KEEL_HOME: keelHome, HOME: root },
  };
}

describe("createAgent with provider selection", () => {
  it("picks the provider from the model, prices through settings overrides, and resumes on the same provider", async () => {
    const t = setup({ models: { "openai/test-gpt": { price: { outputPerMTok: 12 } } } });
    const env = { ...t.env, ANTHROPIC_API_KEY: "sk-ant", OPENAI_API_KEY: "sk-oai" };
    const created = await createAgent({
      cwd: t.cwd,
      env,
      model: "test-gpt",
      catalog: fixture,
      createProvider: t.createProvider([
        reply({ inputTokens: 100_000, outputTokens: 20_000, cacheReadInputTokens: 300_000 }),
      ]),
    });
    expect(created).toMatchObject({
      providerName: "openai",
      model: "test-gpt",
      apiKeySource: "OPENAI_API_KEY",
    });
    expect(t.specs[0]).toMatchObject({ api: "openai-responses", apiKey: "sk-oai" });
    expect(created.catalog.lookup("test-gpt", "openai").price.outputPerMTok).toBe(12);
    const result = await created.agent.run("hi");
    // 100,000 × $2 + 20,000 × $12 (override) + 300,000 × $0.10 = 0.20 + 0.24 + 0.03
    expect(result.totalCostUsd).toBeCloseTo(0.47, 10);
    await created.close();
    expect(t.sessionHeaders()[0]).toMatchObject({ model: "openai/test-gpt" });
    expect(JSON.stringify(t.sessionHeaders())).not.toContain("sk-oai");

    const resumed = await createAgent({
      cwd: t.cwd,
      env,
      resume: created.sessionId,
      catalog: fixture,
      createProvider: t.createProvider([reply({})]),
    });
    expect(resumed).toMatchObject({ resumed: true, providerName: "openai", model: "test-gpt" });
    await resumed.close();
  });

  it("a settings provider serves a model the catalog does not know, with its window, output limit and price from `models`", async () => {
    const t = setup({
      providers: { local: { api: "openai-chat", baseUrl: "http://localhost:11434/v1", models: ["qwen3"] } },
      models: {
        "local/qwen3": {
          contextWindow: 32_768,
          maxOutputTokens: 4096,
          price: { inputPerMTok: 0, outputPerMTok: 0 },
        },
      },
    });
    const events: AgentEvent[] = [];
    const created = await createAgent({
      cwd: t.cwd,
      env: t.env,
      noPersist: true,
      onEvent: (e) => events.push(e),
      createProvider: t.createProvider([reply({ inputTokens: 5000, outputTokens: 100 })]),
    });
    expect(created).toMatchObject({ providerName: "local", model: "qwen3", apiKeySource: "none" });
    expect(created.catalog.lookup("qwen3", "local")).toMatchObject({ known: true, contextWindow: 32_768 });
    const result = await created.agent.run("hi");
    expect(result.totalCostUsd).toBe(0);
    expect(events.filter((e) => e.type === "warning")).toEqual([]);
    expect(t.providers[0]!.requests[0]).toMatchObject({ model: "qwen3", maxTokens: 4096 });
  });

  it("the fallback model gets its own provider; naming the main model as fallback is refused", async () => {
    const t = setup({ fallbackModel: "test-gpt" });
    const env = { ...t.env, ANTHROPIC_API_KEY: "sk-ant", OPENAI_API_KEY: "sk-oai" };
    const created = await createAgent({
      cwd: t.cwd,
      env,
      model: "test-claude",
      catalog: fixture,
      noPersist: true,
      createProvider: t.createProvider([]),
    });
    expect(created).toMatchObject({
      providerName: "anthropic",
      model: "test-claude",
      fallbackModel: "test-gpt",
    });
    expect(t.specs.map((s) => s.api)).toEqual(["anthropic", "openai-responses"]);

    await expect(
      createAgent({
        cwd: t.cwd,
        env,
        model: "test-claude",
        fallbackModel: "anthropic/test-claude",
        noPersist: true,
        createProvider: t.createProvider([]),
      }),
    ).rejects.toThrow(/--fallback-model names the main model/);
    const same = await createAgent({
      cwd: t.cwd,
      env,
      model: "test-gpt",
      catalog: fixture,
      noPersist: true,
      createProvider: t.createProvider([]),
    });
    expect(same.fallbackModel).toBeUndefined();
    expect(same.warnings.join("\n")).toContain('fallbackModel: "test-gpt" is the main model');

    // A settings fallback whose provider has no key is reported and skipped; the flag fails.
    const noOpenAI = { ...t.env, ANTHROPIC_API_KEY: "sk-ant" };
    const skipped = await createAgent({
      cwd: t.cwd,
      env: noOpenAI,
      model: "test-claude",
      catalog: fixture,
      noPersist: true,
      createProvider: t.createProvider([]),
    });
    expect(skipped.fallbackModel).toBeUndefined();
    expect(skipped.warnings.join("\n")).toMatch(
      /fallbackModel: API key missing.*OPENAI_API_KEY.*No fallback is used/,
    );
    await expect(
      createAgent({
        cwd: t.cwd,
        env: noOpenAI,
        fallbackModel: "gpt-6-sol",
        noPersist: true,
        createProvider: t.createProvider([]),
      }),
    ).rejects.toThrow(/OPENAI_API_KEY/);
  });

  it("an injected provider resumes with the session's model", async () => {
    const t = setup();
    const provider = new ScriptedProvider([reply({}), reply({})], { id: "mine" });
    const first = await createAgent({ cwd: t.cwd, env: t.env, provider, model: "my-model" });
    await first.agent.run("hi");
    await first.close();
    expect(t.sessionHeaders()[0]).toMatchObject({ model: "mine/my-model" });
    const again = await createAgent({ cwd: t.cwd, env: t.env, provider, resume: first.sessionId });
    expect(again).toMatchObject({ resumed: true, providerName: "mine", model: "my-model" });
    await again.close();
  });

  it("resuming a session whose provider is no longer configured says so, unless a model is named", async () => {
    const t = setup({
      providers: { local: { api: "openai-chat", baseUrl: "http://localhost:11434/v1", models: ["qwen3"] } },
    });
    const first = await createAgent({
      cwd: t.cwd,
      env: t.env,
      createProvider: t.createProvider([reply({})]),
    });
    expect(first.providerName).toBe("local");
    await first.close();
    writeFileSync(join(t.keelHome, "settings.json"), "{}");
    const env = { ...t.env, ANTHROPIC_API_KEY: "sk-ant" };
    await expect(
      createAgent({ cwd: t.cwd, env, resume: first.sessionId, createProvider: t.createProvider([]) }),
    ).rejects.toThrow(/This session used provider "local", which is not configured now/);
    const named = await createAgent({
      cwd: t.cwd,
      env,
      resume: first.sessionId,
      model: "claude-sonnet-5-5",
      createProvider: t.createProvider([]),
    });
    expect(named).toMatchObject({ resumed: true, providerName: "anthropic", model: "claude-sonnet-5-5" });
    await named.close();
  });

  it("an unknown provider or a missing key fails before any session file is written", async () => {
    const t = setup();
    await expect(createAgent({ cwd: t.cwd, env: t.env, providerName: "nope" })).rejects.toBeInstanceOf(
      SdkError,
    );
    await expect(createAgent({ cwd: t.cwd, env: t.env, model: "gpt-6-sol" })).rejects.toThrow(
      /OPENAI_API_KEY/,
    );
    expect(t.sessionHeaders()).toEqual([]);
  });
});
