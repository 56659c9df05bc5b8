import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import {
  isPermissionMode,
  type PermissionMode,
  type PermissionRule,
  parsePermissionRule,
  type RuleBehavior,
  type RuleSource,
} from "@keel/permissions";
import type { Env } from "../keel-home.js";
import type { CompactionSettings, ModelSettings, ProviderSettings, SettingsData } from "./settings-schema.js";
import { untrustedProviderProblem } from "./untrusted-providers.js";
import { validateSettings } from "./validate-settings.js";

export interface LoadSettingsOptions {
  /** Project root and start directory. */
  cwd: string;
  /** `$KEEL_HOME` (user settings live in `settings.json` there). */
  keelHome: string;
  /** For `~/` in `additionalDirectories`. */
  home: string;
  /** `--settings`: a file path or a JSON object. */
  cliSettings?: string;
  /** `--allowed-tools` rules (already split). */
  allowedTools?: readonly string[];
  /** `--disallowed-tools` rules (already split). */
  disallowedTools?: readonly string[];
  /** `--add-dir` directories. */
  addDirs?: readonly string[];
  /** The environment, to tell which base URLs the user chose (`ANTHROPIC_BASE_URL`, `OPENAI_BASE_URL`). */
  env?: Env;
}

/** All settings sources merged (compat §1): scalars from the highest source, lists concatenated. */
export interface LoadedSettings {
  model?: string;
  /** The Bash sandbox: on by default where bubblewrap works; keys merge by key. */
  sandbox: { enabled?: boolean; allowNetwork?: boolean };
  /** Merged by key; higher sources win. */
  env: Record<string, string>;
  defaultMode?: PermissionMode;
  /** Rules from every source, each with its source (deny anywhere beats allow anywhere). */
  rules: PermissionRule[];
  /** Absolute, existing directories (settings, then `--add-dir`). */
  additionalDirectories: string[];
  /** Provider entries by name; the highest source's entry wins whole. */
  providers: Record<string, ProviderSettings>;
  /** Catalog overrides by model id or `provider/id`; the highest source's entry wins whole. */
  models: Record<string, ModelSettings>;
  /** Model to retry with when the primary is overloaded after all retries. */
  fallbackModel?: string;
  /** `false` turns automatic compaction off (an overflow is then reported, not compacted). */
  autoCompact?: boolean;
  /** Compaction thresholds; keys merge by key. */
  compaction: CompactionSettings;
  /** Invalid files, keys, list entries and rules, each naming the file and key path. */
  warnings: string[];
}

interface Layer {
  source: RuleSource;
  origin: string;
  data: SettingsData;
}

function readLayer(path: string, source: RuleSource, warnings: string[]): Layer | undefined {
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    warnings.push(
      `${path}: not valid JSON (${error instanceof Error ? error.message : String(error)}); the file is ignored`,
    );
    return undefined;
  }
  const { data, warnings: w } = validateSettings(raw, path);
  warnings.push(...w);
  return { source: { ...source, origin: path }, origin: path, data };
}

function cliLayer(value: string, cwd: string, warnings: string[]): Layer | undefined {
  const source: RuleSource = { kind: "cli", root: cwd, origin: "--settings" };
  if (value.trim().startsWith("{")) {
    let raw: unknown;
    try {
      raw = JSON.parse(value);
    } catch (error) {
      warnings.push(
        `--settings: not valid JSON (${error instanceof Error ? error.message : String(error)}); ignored`,
      );
      return undefined;
    }
    const { data, warnings: w } = validateSettings(raw, "--settings");
    warnings.push(...w);
    return { source, origin: "--settings", data };
  }
  const path = resolve(cwd, value);
  if (!existsSync(path)) {
    warnings.push(`--settings: no such file ${path}; ignored`);
    return undefined;
  }
  return readLayer(path, source, warnings);
}

function resolveDir(dir: string, base: string, home: string): string {
  if (dir === "~" || dir.startsWith("~/")) return join(home, dir.slice(1));
  return isAbsolute(dir) ? resolve(dir) : resolve(base, dir);
}

const WIDENING_MODES = new Set(["acceptEdits", "bypassPermissions"]);

/** Drops what an untrusted project's shared settings would widen, saying so once per file. */
function narrowUntrusted(layer: Layer, warnings: string[], env: Env): void {
  const ignored: string[] = [];
  for (const [name, entry] of Object.entries(layer.data.providers ?? {})) {
    const problem = untrustedProviderProblem(name, entry, env);
    if (problem === undefined) continue;
    ignored.push(`providers.${name} (${problem})`);
    delete layer.data.providers?.[name];
  }
  const p = layer.data.permissions;
  if (p?.allow?.length) {
    ignored.push("permissions.allow");
    delete p.allow;
  }
  if (p?.additionalDirectories?.length) {
    ignored.push("permissions.additionalDirectories");
    delete p.additionalDirectories;
  }
  if (p?.defaultMode !== undefined && WIDENING_MODES.has(p.defaultMode)) {
    ignored.push("permissions.defaultMode");
    delete p.defaultMode;
  }
  const sandbox = layer.data.sandbox;
  if (sandbox?.enabled === false || sandbox?.allowNetwork === true) {
    ignored.push("sandbox");
    delete layer.data.sandbox;
  }
  if (ignored.length > 0) {
    warnings.push(
      `${layer.origin}: ignored ${ignored.join(", ")}: this project is not trusted. To apply them, add "${layer.source.root}" to trustedProjects in $KEEL_HOME/settings.json.`,
    );
  }
}

/**
 * Reads `$KEEL_HOME/settings.json` (user), `.keel/settings.json` (project),
 * `.keel/settings.local.json` (local) and `--settings` (CLI), and merges them (CLI > local >
 * project > user for scalars; `env`, `sandbox`, `compaction` by key; `providers` and `models`
 * by entry, the highest source's entry whole; rule lists and `additionalDirectories`
 * concatenated). Never throws for bad content: it is reported in `warnings` and skipped.
 */
export function loadSettings(options: LoadSettingsOptions): LoadedSettings {
  const { cwd, keelHome, home } = options;
  const warnings: string[] = [];
  // Lowest precedence first.
  const layers = [
    readLayer(join(keelHome, "settings.json"), { kind: "user", root: keelHome }, warnings),
    readLayer(join(cwd, ".keel", "settings.json"), { kind: "project", root: cwd }, warnings),
    readLayer(join(cwd, ".keel", "settings.local.json"), { kind: "local", root: cwd }, warnings),
    options.cliSettings === undefined ? undefined : cliLayer(options.cliSettings, cwd, warnings),
  ].filter((l): l is Layer => l !== undefined);

  const out: LoadedSettings = {
    env: {},
    sandbox: {},
    rules: [],
    additionalDirectories: [],
    providers: {},
    models: {},
    compaction: {},
    warnings,
  };
  const addRule = (text: string, behavior: RuleBehavior, source: RuleSource, where: string) => {
    try {
      const rule = parsePermissionRule(text, behavior, source);
      if (rule.warning !== undefined) warnings.push(`${where}: ${rule.warning}`);
      out.rules.push(rule);
    } catch (error) {
      warnings.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const addDir = (dir: string, base: string, where: string) => {
    const abs = resolveDir(dir, base, home);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) warnings.push(`${where}: ${abs} is not a directory; ignored`);
    else if (!out.additionalDirectories.includes(abs)) out.additionalDirectories.push(abs);
  };

  // A repository's shared settings come with the code: until the user trusts the project,
  // they may narrow permissions but not widen them (Claude Code's workspace trust).
  const userLayer = layers.find((l) => l.source.kind === "user");
  const trusted = (userLayer?.data.trustedProjects ?? []).some(
    (p) => resolveDir(p, keelHome, home) === resolve(cwd),
  );
  for (const layer of layers) {
    if (layer.source.kind === "project" && !trusted) narrowUntrusted(layer, warnings, options.env ?? {});
  }

  for (const layer of layers) {
    const { data, source, origin } = layer;
    if (data.model !== undefined) out.model = data.model;
    if (data.env !== undefined) Object.assign(out.env, data.env);
    if (data.sandbox !== undefined) Object.assign(out.sandbox, data.sandbox);
    if (data.providers !== undefined) Object.assign(out.providers, data.providers);
    if (data.models !== undefined) Object.assign(out.models, data.models);
    if (data.fallbackModel !== undefined) out.fallbackModel = data.fallbackModel;
    if (data.autoCompact !== undefined) out.autoCompact = data.autoCompact;
    if (data.compaction !== undefined) Object.assign(out.compaction, data.compaction);
    const p = data.permissions;
    if (p === undefined) continue;
    if (p.defaultMode !== undefined && isPermissionMode(p.defaultMode)) out.defaultMode = p.defaultMode;
    for (const behavior of ["deny", "ask", "allow"] as const) {
      for (const { index, value } of p[behavior] ?? [])
        addRule(value, behavior, source, `${origin}: permissions.${behavior}[${index}]`);
    }
    for (const { index, value } of p.additionalDirectories ?? [])
      addDir(value, source.root, `${origin}: permissions.additionalDirectories[${index}]`);
  }
  const cli: RuleSource = { kind: "cli", root: cwd };
  for (const text of options.allowedTools ?? [])
    addRule(text, "allow", { ...cli, origin: "--allowed-tools" }, "--allowed-tools");
  for (const text of options.disallowedTools ?? [])
    addRule(text, "deny", { ...cli, origin: "--disallowed-tools" }, "--disallowed-tools");
  for (const dir of options.addDirs ?? []) addDir(dir, cwd, "--add-dir");
  return out;
}
