import { randomUUID } from "node:crypto";
import { homedir } from "node:os";
import { Agent, type AgentOptions, JsonlSessionStore, type SessionLog } from "@keel/core";
import { type Approver, createModePolicy, createRuleSet, type PermissionMode } from "@keel/permissions";
import type { AgentEvent, FileReadRecord, Message } from "@keel/protocol";
import {
  createModelCatalog,
  DEFAULT_MODELS,
  type ModelInfo,
  type ModelProvider,
  priceUsage,
} from "@keel/provider";
import { ToolRegistry } from "@keel/tools";
import { createBuiltinTools } from "@keel/tools-builtin";
import { bashSandboxFor } from "./bash-sandbox.js";
import { type Env, keelHome, projectSessionDir } from "./keel-home.js";
import { unseenNotices } from "./notices-once.js";
import { intFromEnv, providerFromEnv } from "./provider-from-env.js";
import { SdkError } from "./sdk-error.js";
import { loadSettings } from "./settings/load-settings.js";
import { contextBlock, defaultSystemPrompt } from "./system-prompt.js";

export const DEFAULT_MODEL = "claude-sonnet-5-5";

export interface CreateAgentOptions {
  cwd?: string;
  /** Defaults to `process.env`. The only place Keel reads the environment. */
  env?: Env;
  model?: string;
  /** Overrides `permissions.defaultMode` from settings. Default `default`. */
  permissionMode?: PermissionMode;
  /** `--settings`: a settings file path or a JSON object (highest-precedence source). */
  settings?: string;
  /** Extra allow rules (`--allowed-tools`), e.g. `["Bash(npm test)", "Read"]`. */
  allowedTools?: readonly string[];
  /** Extra deny rules (`--disallowed-tools`); a bare tool name removes the tool. */
  disallowedTools?: readonly string[];
  /** More workspace roots (`--add-dir`). */
  addDirs?: readonly string[];
  /** `false` (`--no-sandbox`) runs Bash without the kernel sandbox. Default: the `sandbox.enabled` setting, else on where bubblewrap works. */
  sandbox?: boolean;
  maxTurns?: number;
  /** Replace the default system prompt. */
  systemPrompt?: string;
  appendSystemPrompt?: string;
  /** Resume this session id. */
  resume?: string;
  /** Continue the most recent session of the cwd (a new one if there is none). */
  continueLatest?: boolean;
  /** Use this provider instead of one from the environment (tests, embedders). */
  provider?: ModelProvider;
  /** Model catalog entries (prices, windows); default: the built-in dated catalog. */
  catalog?: ModelInfo[];
  onEvent?: (event: AgentEvent) => void;
  /** Answers `ask` decisions (the TUI's dialog). Absent: asks become denies (print mode). */
  approver?: Approver;
  /** Keep sessions in memory only. */
  noPersist?: boolean;
}

export interface CreatedAgent {
  agent: Agent;
  sessionId: string;
  /** Path of the session file, if persisted. */
  sessionPath: string | undefined;
  resumed: boolean;
  model: string;
  permissionMode: PermissionMode;
  toolNames: string[];
  apiKeySource: string;
  /** Workspace roots: the cwd, then additional directories. */
  workspaceRoots: string[];
  /** Problems met loading settings (invalid files, keys, rules) and the session (corrupt lines skipped). */
  warnings: string[];
  /** Informational notes (e.g. why the Bash sandbox is off), each returned once per Keel home. */
  notices: string[];
  /** Whether Bash runs in the kernel sandbox. */
  sandboxed: boolean;
  close(): Promise<void>;
}

/** Assemble an agent from settings, environment and session directory. */
export async function createAgent(options: CreateAgentOptions = {}): Promise<CreatedAgent> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const selection = options.provider
    ? { provider: options.provider, apiKeySource: "none" }
    : providerFromEnv(env);
  const home = env.HOME ?? homedir();
  const settings = loadSettings({
    cwd,
    keelHome: keelHome(env),
    home,
    ...(options.settings !== undefined ? { cliSettings: options.settings } : {}),
    ...(options.allowedTools ? { allowedTools: options.allowedTools } : {}),
    ...(options.disallowedTools ? { disallowedTools: options.disallowedTools } : {}),
    ...(options.addDirs ? { addDirs: options.addDirs } : {}),
  });
  const permissionMode = options.permissionMode ?? settings.defaultMode ?? "default";
  const rules = createRuleSet(settings.rules, { cwd, home });
  const policy = createModePolicy({
    mode: permissionMode,
    workspace: cwd,
    additionalDirectories: settings.additionalDirectories,
    home,
    rules,
  });
  // Settings `env` reaches every command the tools run; a bare-name deny hides the tool.
  const toolEnv = { ...env, ...settings.env };
  const workspaceRoots = [cwd, ...settings.additionalDirectories];
  const notices: string[] = [];
  const { sandbox, notice } = bashSandboxFor({
    enabled: options.sandbox ?? settings.sandbox.enabled,
    allowNetwork: settings.sandbox.allowNetwork,
    workspaceRoots,
    rules: settings.rules,
    home,
  });
  if (notice) notices.push(...unseenNotices(keelHome(env), [notice]));
  const tools = new ToolRegistry(
    createBuiltinTools({ env: toolEnv, ...(sandbox ? { sandbox } : {}) }).filter(
      (tool) => rules.removesTool(tool.name) === undefined,
    ),
  );
  const store = new JsonlSessionStore({ dir: projectSessionDir(env, cwd) });

  let model = options.model ?? env.ANTHROPIC_MODEL ?? settings.model ?? DEFAULT_MODEL;
  let messages: Message[] = [];
  let fileReads: FileReadRecord[] = [];
  let log: SessionLog | undefined;
  let sessionId: string = randomUUID();
  let resumed = false;
  const warnings: string[] = [...settings.warnings];
  if (options.resume !== undefined && options.resume.trim() === "") {
    throw new SdkError(
      "session",
      "--resume needs a session id (see the file names in ~/.keel/projects/<project>/).",
    );
  }
  const resumeId = options.resume ?? (options.continueLatest ? await store.latest() : undefined);
  if (resumeId && !options.noPersist) {
    const opened = await store.open(resumeId).catch((err: Error) => {
      throw new SdkError("session", err.message);
    });
    log = opened.log;
    messages = opened.loaded.messages;
    fileReads = opened.loaded.state.filter((r): r is FileReadRecord => r.type === "file_read");
    warnings.push(...opened.loaded.warnings);
    sessionId = resumeId;
    resumed = true;
    if (!options.model && !env.ANTHROPIC_MODEL) model = opened.loaded.header.model;
  } else if (!options.noPersist) {
    log = await store.create({
      type: "header",
      version: 1,
      sessionId,
      cwd,
      model,
      created: new Date().toISOString(),
      parentSessionId: null,
    });
  }

  const catalog = createModelCatalog(options.catalog ?? DEFAULT_MODELS);
  let system = options.systemPrompt ?? defaultSystemPrompt(cwd);
  if (options.appendSystemPrompt) system = `${system}\n\n${options.appendSystemPrompt}`;
  const agentOptions: AgentOptions = {
    sessionId,
    provider: selection.provider,
    model,
    system,
    context: contextBlock(new Date()),
    tools,
    policy,
    cwd,
    messages,
    fileReads,
    ...(log ? { log } : {}),
    ...(options.maxTurns !== undefined ? { maxTurns: options.maxTurns } : {}),
    retry: {
      maxRetries: intFromEnv(env, "KEEL_MAX_RETRIES", 10),
      idleTimeoutMs: intFromEnv(env, "KEEL_STREAM_IDLE_TIMEOUT_MS", 300_000),
    },
    price: (id, usage) => priceUsage(usage, id, catalog),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.approver ? { approver: options.approver } : {}),
  };
  const agent = new Agent(agentOptions);
  return {
    agent,
    sessionId,
    sessionPath: log?.location,
    resumed,
    model,
    permissionMode,
    toolNames: tools.names(),
    workspaceRoots,
    apiKeySource: selection.apiKeySource,
    warnings,
    notices,
    sandboxed: sandbox !== undefined,
    close: async () => {
      await log?.close();
    },
  };
}
