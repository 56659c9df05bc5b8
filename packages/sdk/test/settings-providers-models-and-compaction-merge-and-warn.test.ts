import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSettings } from "../src/settings/load-settings.js";

function dirs() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "keel-provider-settings-")));
  const cwd = join(root, "project");
  const keelHome = join(root, "keel-home");
  for (const d of [join(cwd, ".keel"), keelHome]) mkdirSync(d, { recursive: true });
  return {
    cwd,
    keelHome,
    home: root,
    user: join(keelHome, "settings.json"),
    local: join(cwd, ".keel", "settings.local.json"),
  };
}
const write = (path: string, value: unknown) => writeFileSync(path, JSON.stringify(value));

describe("settings: providers, models, fallbackModel, autoCompact, compaction", () => {
  it("maps merge by key with the higher source's entry winning whole; compaction merges field by field", () => {
    const d = dirs();
    write(d.user, {
      providers: {
        local: { api: "openai-chat", baseUrl: "http://localhost:11434/v1", quirks: { developerRole: false } },
        work: { api: "anthropic", baseUrl: "https://gw.example", apiKeyEnv: "WORK_KEY" },
      },
      models: {
        "local/qwen3": { contextWindow: 32_768, maxOutputTokens: 8192 },
        "gpt-6-sol": { contextWindow: 500_000 },
      },
      fallbackModel: "claude-haiku-4-5",
      autoCompact: true,
      compaction: { warnAt: 0.7, autoAt: 0.9 },
    });
    write(d.local, {
      providers: { local: { api: "openai-chat", baseUrl: "http://127.0.0.1:8000/v1", models: ["qwen3"] } },
      models: { "local/qwen3": { price: { inputPerMTok: 0, outputPerMTok: 0 } } },
      autoCompact: false,
      compaction: { autoAt: 0.85, keepRecentTurns: 4 },
    });
    const s = loadSettings({
      ...d,
      cliSettings: JSON.stringify({ fallbackModel: ["gpt-6-sol", "gpt-6-luna"] }),
    });
    expect(s.warnings).toEqual([]);
    expect(s.providers).toEqual({
      local: { api: "openai-chat", baseUrl: "http://127.0.0.1:8000/v1", models: ["qwen3"] },
      work: { api: "anthropic", baseUrl: "https://gw.example", apiKeyEnv: "WORK_KEY" },
    });
    expect(s.models).toEqual({
      "local/qwen3": { price: { inputPerMTok: 0, outputPerMTok: 0 } },
      "gpt-6-sol": { contextWindow: 500_000 },
    });
    // Claude Code's list form: Keel uses the first entry.
    expect(s.fallbackModel).toBe("gpt-6-sol");
    expect(s.autoCompact).toBe(false);
    expect(s.compaction).toEqual({ warnAt: 0.7, autoAt: 0.85, keepRecentTurns: 4 });
  });

  it("each bad entry is a warning naming the file and key path; the good entries still apply", () => {
    const d = dirs();
    write(d.user, {
      providers: {
        good: { api: "openai-responses", baseUrl: "https://api.example.com/v1" },
        noApi: { baseUrl: "http://localhost:1/v1" },
        badApi: { api: "gemini" },
        "a/b": { api: "openai-chat" },
        literalKey: { api: "openai-chat", apiKeyEnv: "sk-live-123" },
        typo: { api: "openai-chat", baseURL: "http://localhost:2/v1" },
        notUrl: { api: "openai-chat", baseUrl: "localhost:11434" },
        openai: { baseUrl: "https://proxy.example/v1" },
      },
      models: {
        ok: { contextWindow: 1000 },
        neg: { contextWindow: -5 },
        extra: { window: 5 },
        price: { price: { inputPerMTok: "1" } },
      },
      fallbackModel: 7,
      autoCompact: "no",
      compaction: { autoAt: -1 },
    });
    const s = loadSettings(d);
    expect(Object.keys(s.providers).sort()).toEqual(["good", "openai"]);
    expect(Object.keys(s.models)).toEqual(["ok"]);
    expect(s.fallbackModel).toBeUndefined();
    expect(s.autoCompact).toBeUndefined();
    expect(s.compaction).toEqual({});
    const w = s.warnings.join("\n");
    for (const key of [
      "providers.noApi.api: required",
      "providers.badApi.api:",
      "providers.a/b: provider names",
      "providers.literalKey.apiKeyEnv: must be an environment variable name",
      "providers.typo:",
      "providers.notUrl.baseUrl:",
      "models.neg.contextWindow:",
      "models.extra:",
      "models.price.price.inputPerMTok:",
      "fallbackModel:",
      "autoCompact:",
      "compaction.autoAt:",
    ]) {
      expect(w).toContain(`${d.user}: ${key}`);
    }
    // The rejected key value is not echoed back.
    expect(w).not.toContain("sk-live-123");
  });
});
