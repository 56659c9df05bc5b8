import { ScriptedProvider } from "@keel/provider";
import { describe, expect, it } from "vitest";
import type { ProviderSpec } from "../src/provider-selection/create-provider.js";
import { modelSelector } from "../src/provider-selection/select-model.js";
import { type SelectProviderOptions, selectProvider } from "../src/provider-selection/select-provider.js";
import { SdkError } from "../src/sdk-error.js";

const ANTHROPIC = { ANTHROPIC_API_KEY: "sk-ant-secret" };
const OPENAI = { OPENAI_API_KEY: "sk-oai-secret" };
const local = {
  local: { api: "openai-chat" as const, baseUrl: "http://localhost:11434/v1", models: ["qwen3", "llama4"] },
};

/** Selects with a recording factory instead of the real adapters. */
function select(options: SelectProviderOptions) {
  const specs: ProviderSpec[] = [];
  const selection = selectProvider({
    ...options,
    createProvider: (spec) => {
      specs.push(spec);
      return new ScriptedProvider([], { id: spec.api });
    },
  });
  return { ...selection, spec: specs[0] as ProviderSpec };
}

function selectError(options: SelectProviderOptions): SdkError {
  try {
    select(options);
  } catch (error) {
    expect(error).toBeInstanceOf(SdkError);
    return error as SdkError;
  }
  throw new Error("selection did not fail");
}

describe("provider selection", () => {
  it("--provider wins over everything, and an unknown one is an error listing the configured providers", () => {
    const s = select({
      env: { ...ANTHROPIC, ...OPENAI },
      providerName: "openai",
      model: "claude-sonnet-5-5",
    });
    expect(s).toMatchObject({ providerName: "openai", model: "claude-sonnet-5-5", api: "openai-responses" });
    const e = selectError({ env: ANTHROPIC, providerName: "ollama", providers: local });
    expect(e.message).toMatch(/Unknown provider "ollama"/);
    expect(e.message).toContain("anthropic, openai, openai-chat, openai-responses, local");
  });

  it("a provider/model prefix picks the provider; with --provider a gateway's own slashed id stays whole", () => {
    expect(select({ env: { ...ANTHROPIC, ...OPENAI }, model: "openai/gpt-6.2-sol" })).toMatchObject({
      providerName: "openai",
      model: "gpt-6.2-sol",
    });
    const l = select({ env: ANTHROPIC, model: "local/qwen3", providers: local });
    expect(l).toMatchObject({
      providerName: "local",
      model: "qwen3",
      api: "openai-chat",
      apiKeySource: "none",
    });
    expect(l.spec).toMatchObject({ baseUrl: "http://localhost:11434/v1" });
    expect(l.spec.apiKey).toBeUndefined();
    const gateway = {
      openrouter: {
        api: "openai-chat" as const,
        baseUrl: "https://openrouter.ai/api/v1",
        apiKeyEnv: "OPENROUTER_API_KEY",
      },
    };
    const g = select({
      env: { OPENROUTER_API_KEY: "or-secret" },
      providerName: "openrouter",
      model: "openai/gpt-6.2-sol",
      providers: gateway,
    });
    expect(g).toMatchObject({
      providerName: "openrouter",
      model: "openai/gpt-6.2-sol",
      apiKeySource: "OPENROUTER_API_KEY",
    });
    expect(g.spec.apiKey).toBe("or-secret");
  });

  it("a model id picks its provider: settings lists, then the catalog, then the family name", () => {
    const env = { ...ANTHROPIC, ...OPENAI };
    expect(select({ env, model: "gpt-6.2-sol" }).providerName).toBe("openai");
    expect(select({ env, model: "gpt-5.6-sol-2026-07-09" }).providerName).toBe("openai");
    expect(select({ env, model: "gpt-7-preview" }).providerName).toBe("openai");
    expect(select({ env, model: "o7-mini" }).providerName).toBe("openai");
    expect(select({ env, model: "opus-like-local-model" }).providerName).toBe("anthropic");
    expect(select({ env, model: "claude-opus-5-5" }).providerName).toBe("anthropic");
    expect(select({ env, model: "llama4", providers: local }).providerName).toBe("local");
    // Unknown everywhere: whichever key is set.
    expect(select({ env: OPENAI, model: "my-finetune" }).providerName).toBe("openai");
  });

  it("a model listed by two providers must be disambiguated", () => {
    const providers = {
      ...local,
      vllm: { api: "openai-chat" as const, baseUrl: "http://127.0.0.1:8000/v1", models: ["qwen3"] },
    };
    expect(selectError({ env: {}, model: "qwen3", providers }).message).toMatch(
      /listed by several providers \(local, vllm\).*--provider/,
    );
  });

  it("with nothing named, the key decides (Anthropic first) and the provider's default model is used", () => {
    expect(select({ env: OPENAI })).toMatchObject({
      providerName: "openai",
      model: "gpt-6.2-sol",
      apiKeySource: "OPENAI_API_KEY",
    });
    expect(select({ env: { ...ANTHROPIC, ...OPENAI } })).toMatchObject({
      providerName: "anthropic",
      model: "claude-sonnet-5-5",
    });
    expect(select({ env: {}, providers: local })).toMatchObject({ providerName: "local", model: "qwen3" });
    const none = selectError({ env: {} });
    expect(none.message).toMatch(/ANTHROPIC_API_KEY.*OPENAI_API_KEY/);
    expect(none.message).toContain("configured providers: anthropic, openai, openai-chat, openai-responses");
  });

  it("a missing key names the variable the chosen provider needs", () => {
    const e = selectError({ env: OPENAI, model: "claude-sonnet-5-5" });
    expect(e.message).toMatch(/provider "anthropic".*set ANTHROPIC_API_KEY \(or ANTHROPIC_AUTH_TOKEN\)/);
    const providers = {
      ollama: {
        api: "openai-chat" as const,
        baseUrl: "http://localhost:11434/v1",
        apiKeyEnv: "OLLAMA_API_KEY",
      },
    };
    expect(selectError({ env: ANTHROPIC, model: "ollama/qwen3", providers }).message).toMatch(
      /set OLLAMA_API_KEY \(providers\.ollama\.apiKeyEnv in settings\)/,
    );
  });

  it("ANTHROPIC_MODEL applies unless --provider names a non-Anthropic provider; --model beats it, settings model comes after", () => {
    const env = { ...ANTHROPIC, ...OPENAI, ANTHROPIC_MODEL: "claude-opus-5-5" };
    expect(select({ env, settingsModel: "gpt-6-sol" }).model).toBe("claude-opus-5-5");
    expect(select({ env, model: "gpt-6-luna" }).model).toBe("gpt-6-luna");
    expect(select({ env, providerName: "openai" }).model).toBe("gpt-6.2-sol");
    expect(select({ env: OPENAI, settingsModel: "gpt-6-sol" }).model).toBe("gpt-6-sol");
  });

  it("openai speaks Responses on OpenAI's endpoint and Chat Completions when OPENAI_BASE_URL points elsewhere", () => {
    expect(select({ env: OPENAI, providerName: "openai" }).api).toBe("openai-responses");
    const moved = select({
      env: { ...OPENAI, OPENAI_BASE_URL: "http://localhost:8080/v1" },
      providerName: "openai",
    });
    expect(moved.api).toBe("openai-chat");
    expect(moved.spec.baseUrl).toBe("http://localhost:8080/v1");
    expect(select({ env: OPENAI, providerName: "openai-chat" }).api).toBe("openai-chat");
    const forced = select({
      env: OPENAI,
      providerName: "openai",
      providers: { openai: { api: "openai-chat" } },
    });
    expect(forced.api).toBe("openai-chat");
  });

  it("credentials reach the factory only; the selection names their variable, never the value", () => {
    const token = select({
      env: { ANTHROPIC_AUTH_TOKEN: "tok-secret", ANTHROPIC_BASE_URL: "https://gw.example" },
    });
    expect(token.spec).toMatchObject({
      api: "anthropic",
      authToken: "tok-secret",
      baseUrl: "https://gw.example",
    });
    expect(token.apiKeySource).toBe("ANTHROPIC_AUTH_TOKEN");
    const {
      provider: _p,
      spec: _s,
      ...visible
    } = select({ env: { ...ANTHROPIC, ...OPENAI }, model: "gpt-6-sol" });
    expect(JSON.stringify(visible)).not.toMatch(/secret/);
    expect(visible.apiKeySource).toBe("OPENAI_API_KEY");
  });

  it("settings headers and quirks reach the adapter", () => {
    const providers = {
      local: {
        ...local.local,
        headers: { "x-team": "keel" },
        quirks: { developerRole: false, maxTokensField: "max_tokens" as const },
      },
    };
    expect(select({ env: {}, model: "local/qwen3", providers }).spec).toMatchObject({
      headers: { "x-team": "keel" },
      quirks: { developerRole: false, maxTokensField: "max_tokens" },
    });
  });

  it("selectModel picks a new provider and model mid-session by the same rules", () => {
    const specs: ProviderSpec[] = [];
    const selectModel = modelSelector({
      env: { ...ANTHROPIC, ...OPENAI, ANTHROPIC_MODEL: "claude-opus-5-5" },
      providers: local,
      createProvider: (spec) => {
        specs.push(spec);
        return new ScriptedProvider([]);
      },
    });
    expect(selectModel("gpt-6-astra")).toMatchObject({ providerName: "openai", model: "gpt-6-astra" });
    expect(selectModel("local/llama4")).toMatchObject({ providerName: "local", model: "llama4" });
    expect(selectModel("my-model", { providerName: "openai-chat" })).toMatchObject({
      providerName: "openai-chat",
      model: "my-model",
    });
    expect(specs.map((s) => s.api)).toEqual(["openai-responses", "openai-chat", "openai-chat"]);
    expect(() => selectModel("nowhere/x", { providerName: "nowhere" })).toThrow(/Unknown provider "nowhere"/);
  });
});
