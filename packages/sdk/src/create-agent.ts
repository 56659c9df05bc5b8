import { randomUUID } from "node:crypto";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import {
  Agent,
  type AgentOptions,
  JsonlSessionStore,
  type LoadedSession,
  type SessionLog,
  type SessionSummary,
} from "@keel/core";
import {
  type Approver,
  createModePolicy,
  createRuleSet,
  type ModePolicy,
  type PermissionMode,
} from "@keel/permissions";
import type { AgentEvent, FileReadRecord, SessionRecord, TodoItem } from "@keel/protocol";
import type { ModelCatalog, ModelInfo, ModelProvider } from "@keel/provider";
import { TaskManager } from "@keel/tasks";
import { loadAgentDefinitions } from "./agents/load-agent-definitions.js";
import { compactionOptionsFor } from "./assembly/compaction-options.js";
import { createSessionTools, todoReminder } from "./assembly/session-tools.js";
import { bashSandboxFor } from "./bash-sandbox.js";
import { type Env, keelHome, projectSessionDir } from "./keel-home.js";
import { unseenNotices } from "./notices-once.js";
import { intFromEnv } from "./provider-from-env.js";
import { agentProviders } from "./provider-selection/agent-providers.js";
import type { CreateProvider } from "./provider-selection/create-provider.js";
import type { SelectModel } from "./provider-selection/select-model.js";
import { SdkError } from "./sdk-error.js";
import { loadSettings } from "./settings/load-settings.js";
import type { ModelSettings } from "./settings/settings-schema.js";
import { defaultSystemPrompt, loadSessionContext } from "./system-prompt.js";

export { DEFAULT_MODEL } from "./provider-selection/agent-providers.js";

/** Output tokens asked per response unless the model allows fewer. */
const DEFAULT_MAX_TOKENS = 8192;

export interface CreateAgentOptions {
  cwd?: string;
  /** Defaults to `process.env`. The only place Keel reads the environment. */
  env?: Env;
  /** `--model`: an id or `provider/id` (`openai/gpt-6.2-sol`, `local/qwen3`). */
  model?: string;
  /** `--provider`: a built-in (`anthropic`, `openai`, `openai-chat`, `openai-responses`) or settings provider. */
  providerName?: string;
  /** `--fallback-model`: asked once when the model is still overloaded after all retries. Else settings `fallbackModel`. */
  fallbackModel?: string;
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
  /** With `resume`/`continueLatest`: continue in a new session that starts with that history (`--fork-session`). */
  forkSession?: boolean;
  /** Use this provider instead of one from the environment (tests, embedders). */
  provider?: ModelProvider;
  /** Builds the selected providers (default: the real adapters). For tests and embedders. */
  createProvider?: CreateProvider;
  /** Model catalog entries (prices, windows); default: the built-in dated catalog. */
  catalog?: ModelInfo[];
  /** Catalog overrides laid over settings `models`, by id or `provider/id`. */
  modelOverrides?: Record<string, ModelSettings>;
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
  /** The model id sent to the API. */
  model: string;
  /** The provider serving it (`anthropic`, `openai`, a settings name, or an injected provider's id). */
  providerName: string;
  /** The fallback model, if one is configured. */
  fallbackModel: string | undefined;
  /** The built-in catalog with settings `models` applied: windows, output limits, prices. */
  catalog: ModelCatalog;
  /** A new provider and model for `/model`, chosen by the same rules as at startup. */
  selectModel: SelectModel;
  permissionMode: PermissionMode;
  toolNames: string[];
  /** The variable that supplied the credential (never its value), or `none`. */
  apiKeySource: string;
  /** Workspace roots: the cwd, then additional directories. */
  workspaceRoots: string[];
  /** Problems met loading settings (invalid files, keys, rules) and the session (corrupt lines skipped). */
  warnings: string[];
  /** Informational notes (e.g. why the Bash sandbox is off), each returned once per Keel home. */
  notices: string[];
  /** Whether Bash runs in the kernel sandbox. */
  sandboxed: boolean;
  /** The running permission policy (mode and rules can change mid-session). */
  policy: ModePolicy;
  /** This project's session store (listing, scroll-back). */
  store: JsonlSessionStore;
  /** Set when the resumed session holds history before the loaded messages (see `SessionStore.readEarlier`). */
  earlierBefore: string | undefined;
  /** Background tasks of this session (killed by `close`). */
  tasks: TaskManager;
  /** Shift+Tab: decisions from now on use `mode`. */
  setPermissionMode(mode: PermissionMode): void;
  /** Re-read the settings files' permission rules into the running policy (after `/permissions` edits). */
  reloadPermissions(): void;
  /** `/model`: following requests go to `spec` (`id` or `provider/id`). Throws `SdkError` for an unknown provider or missing key. */
  switchModel(spec: string): void;
  /** This project's sessions, newest first (reads only heads and tails of files). */
  listSessions(): Promise<SessionSummary[]>;
  /** Background tasks, for `/tasks`. */
  listTasks(): Array<{ id: string; description: string; status: string }>;
  /** Kills background tasks and closes the session file. */
  close(): Promise<void>;
}

/** Assemble an agent from settings, environment and session directory. */
export async function createAgent(options: CreateAgentOptions = {}): Promise<CreatedAgent> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const home = env.HOME ?? homedir();
  const settingsOptions = {
    env,
    cwd,
    keelHome: keelHome(env),
    home,
    ...(options.settings !== undefined ? { cliSettings: options.settings } : {}),
    ...(options.allowedTools ? { allowedTools: options.allowedTools } : {}),
    ...(options.disallowedTools ? { disallowedTools: options.disallowedTools } : {}),
    ...(options.addDirs ? { addDirs: options.addDirs } : {}),
  };
  const settings = loadSettings(settingsOptions);
  // Memory files and git state load while the rest is assembled.
  const sessionContext = loadSessionContext({ cwd, keelHome: keelHome(env), home, env });
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
  const sessionDir = projectSessionDir(env, cwd);
  const store = new JsonlSessionStore({ dir: sessionDir });
  const warnings: string[] = [...settings.warnings];

  const opened = await openSession(store, options);
  const loaded = opened?.loaded;
  let log: SessionLog | undefined = opened?.log;
  if (loaded) warnings.push(...loaded.warnings);
  let providers: ReturnType<typeof agentProviders>;
  try {
    providers = agentProviders({
      env,
      settings: { ...settings, warnings },
      ...(options.providerName !== undefined ? { providerName: options.providerName } : {}),
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(options.fallbackModel !== undefined ? { fallbackModel: options.fallbackModel } : {}),
      ...(loaded ? { resumedModel: loaded.header.model } : {}),
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.createProvider ? { createProvider: options.createProvider } : {}),
      ...(options.catalog ? { catalog: options.catalog } : {}),
      ...(options.modelOverrides ? { modelOverrides: options.modelOverrides } : {}),
    });
  } catch (error) {
    await log?.close();
    throw error;
  }
  const { selection, fallback, catalog } = providers;
  const model = selection.model;
  const sessionId = log?.sessionId ?? randomUUID();
  if (!log && !options.noPersist) {
    log = await store.create({
      type: "header",
      version: 1,
      sessionId,
      cwd,
      model: providers.sessionModel,
      created: new Date().toISOString(),
      parentSessionId: null,
    });
  }
  const limits = (id: string, providerName: string) => {
    const info = catalog.lookup(id, providerName);
    const maxTokens = Math.min(info.maxOutputTokens, DEFAULT_MAX_TOKENS);
    return { maxTokens, compaction: compactionOptionsFor(info, settings, maxTokens) };
  };
  const { maxTokens, compaction } = limits(model, selection.providerName);
  const context = await sessionContext;
  warnings.push(...context.warnings);
  let system = options.systemPrompt ?? defaultSystemPrompt(cwd, env.SHELL ? { shell: env.SHELL } : {});
  if (options.appendSystemPrompt) system = `${system}\n\n${options.appendSystemPrompt}`;
  const retry = {
    maxRetries: intFromEnv(env, "KEEL_MAX_RETRIES", 10),
    idleTimeoutMs: intFromEnv(env, "KEEL_STREAM_IDLE_TIMEOUT_MS", 300_000),
  };
  const tasks = new TaskManager({
    outputDir: log ? join(sessionDir, sessionId, "tasks") : join(tmpdir(), "keel-tasks", sessionId),
    onNotice: (n) => options.onEvent?.({ type: "task_notice", ...n, sessionId, parentToolUseId: null }),
  });
  const agentTypes = loadAgentDefinitions({ cwd, keelHome: keelHome(env) });
  warnings.push(...agentTypes.warnings);
  const tools = createSessionTools({
    env: toolEnv,
    sandbox,
    rules,
    tasks,
    log,
    sessionId,
    cwd,
    context: context.text,
    provider: selection.provider,
    model,
    policy,
    definitions: agentTypes.definitions,
    agentOptions: { retry, price: providers.price, maxTokens },
    onEvent: options.onEvent,
    todos: lastTodos(loaded?.state ?? []),
  });
  const agentOptions: AgentOptions = {
    sessionId,
    provider: selection.provider,
    model,
    system,
    context: context.text,
    tools: tools.registry,
    policy,
    cwd,
    messages: loaded?.messages ?? [],
    ...(loaded ? { messageUuids: loaded.messageUuids } : {}),
    ...(loaded?.compaction ? { boundary: loaded.compaction } : {}),
    fileReads: (loaded?.state ?? []).filter((r): r is FileReadRecord => r.type === "file_read"),
    ...(log ? { log } : {}),
    ...(options.maxTurns !== undefined ? { maxTurns: options.maxTurns } : {}),
    maxTokens,
    compaction,
    ...(fallback ? { fallback: { model: fallback.model, provider: fallback.provider } } : {}),
    retry,
    price: providers.price,
    takeNotices: () => tasks.takeNotices(),
    reinject: () => {
      const text = todoReminder(tools.todos());
      return text ? [{ type: "text", text }] : undefined;
    },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.approver ? { approver: options.approver } : {}),
  };
  const agent = new Agent(agentOptions);
  let current = { model, providerName: selection.providerName };
  return {
    agent,
    sessionId,
    sessionPath: log?.location,
    resumed: loaded !== undefined,
    get model() {
      return current.model;
    },
    get providerName() {
      return current.providerName;
    },
    fallbackModel: fallback?.model,
    catalog,
    selectModel: providers.selectModel,
    permissionMode,
    toolNames: tools.registry.names(),
    workspaceRoots,
    apiKeySource: selection.apiKeySource,
    warnings,
    notices,
    sandboxed: sandbox !== undefined,
    policy,
    store,
    earlierBefore: loaded?.earlierBefore,
    tasks,
    setPermissionMode: (mode) => policy.setMode(mode),
    reloadPermissions: () => {
      const fresh = loadSettings(settingsOptions);
      policy.setRules(createRuleSet(fresh.rules, { cwd, home }));
    },
    switchModel: (spec) => {
      const next = providers.selectModel(spec);
      agent.setModel({
        model: next.model,
        provider: next.provider,
        ...limits(next.model, next.providerName),
      });
      current = { model: next.model, providerName: next.providerName };
    },
    listSessions: () => store.list(),
    listTasks: () => tasks.list().map((t) => ({ id: t.id, description: t.description, status: t.status })),
    close: async () => {
      await tasks.shutdown();
      await log?.close();
    },
  };
}

/** The session to continue, if any: `resume` (an id), else the latest with `continueLatest`; forked on request. */
async function openSession(
  store: JsonlSessionStore,
  options: CreateAgentOptions,
): Promise<{ log: SessionLog; loaded: LoadedSession } | undefined> {
  if (options.resume !== undefined && options.resume.trim() === "") {
    throw new SdkError(
      "session",
      "--resume needs a session id (see the file names in ~/.keel/projects/<project>/).",
    );
  }
  if (options.noPersist) return undefined;
  const resumeId = options.resume ?? (options.continueLatest ? await store.latest() : undefined);
  if (!resumeId) return undefined;
  const open = options.forkSession ? store.fork(resumeId) : store.open(resumeId);
  return open.catch((err: Error) => {
    throw new SdkError("session", err.message);
  });
}

function lastTodos(state: readonly SessionRecord[]): TodoItem[] {
  for (let i = state.length - 1; i >= 0; i--) {
    const record = state[i];
    if (record?.type === "todos") return record.todos;
  }
  return [];
}
