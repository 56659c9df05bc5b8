import { randomUUID } from "node:crypto";
import { Agent, type AgentOptions, JsonlSessionStore, type SessionLog } from "@keel/core";
import { createModePolicy, type PermissionMode } from "@keel/permissions";
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
import { type Env, projectSessionDir } from "./keel-home.js";
import { intFromEnv, providerFromEnv } from "./provider-from-env.js";
import { SdkError } from "./sdk-error.js";
import { contextBlock, defaultSystemPrompt } from "./system-prompt.js";

export const DEFAULT_MODEL = "claude-sonnet-5-5";

export interface CreateAgentOptions {
  cwd?: string;
  /** Defaults to `process.env`. The only place Keel reads the environment. */
  env?: Env;
  model?: string;
  permissionMode?: PermissionMode;
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
  /** Problems met loading the session (corrupt lines skipped). */
  warnings: string[];
  close(): Promise<void>;
}

/** Assemble an agent from settings, environment and session directory. */
export async function createAgent(options: CreateAgentOptions = {}): Promise<CreatedAgent> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const selection = options.provider
    ? { provider: options.provider, apiKeySource: "none" }
    : providerFromEnv(env);
  const permissionMode = options.permissionMode ?? "default";
  const tools = new ToolRegistry(createBuiltinTools({ env }));
  const store = new JsonlSessionStore({ dir: projectSessionDir(env, cwd) });

  let model = options.model ?? env.ANTHROPIC_MODEL ?? DEFAULT_MODEL;
  let messages: Message[] = [];
  let fileReads: FileReadRecord[] = [];
  let log: SessionLog | undefined;
  let sessionId: string = randomUUID();
  let resumed = false;
  const warnings: string[] = [];
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
    policy: createModePolicy({ mode: permissionMode, workspace: cwd }),
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
    apiKeySource: selection.apiKeySource,
    warnings,
    close: async () => {
      await log?.close();
    },
  };
}
