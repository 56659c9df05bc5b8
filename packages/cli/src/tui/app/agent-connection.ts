import type { Approver, PermissionMode } from "@keel/permissions";
import type { AgentEvent } from "@keel/protocol";
import type { ModelInfo } from "@keel/provider";
import type { CreateAgentOptions, CreatedAgent } from "@keel/sdk";
import type { CliOptions } from "../../args.js";

/** A summary of a stored session, as `/resume` lists it. */
export interface SessionSummary {
  sessionId: string;
  title?: string;
  firstPrompt?: string;
  /** ISO date or epoch ms. */
  modified: string | number | Date;
  sizeBytes: number;
}

/**
 * What the TUI uses when `createAgent` provides it (feature-detected, so the TUI works before
 * and after the SDK grows each piece). Each is optional; the TUI falls back or says it is missing.
 */
export interface AgentCapabilities {
  /** Change the running policy's mode (Shift+Tab). */
  setPermissionMode?: (mode: PermissionMode) => void;
  /** Re-read the settings files' permission rules into the running policy. */
  reloadPermissions?: () => void | Promise<void>;
  /** Switch the model for the following requests. */
  switchModel?: (model: string) => void;
  /** Compact the conversation now (`/compact [instructions]`); resolves what happened. */
  compact?: (
    instructions?: string,
    options?: { signal?: AbortSignal },
  ) => Promise<{ compacted: boolean; reason?: string } | undefined>;
  /** This project's sessions, newest first. */
  listSessions?: () => Promise<SessionSummary[]>;
  /** Background tasks (`/tasks`). */
  listTasks?: () => Array<{ id: string; description: string; status: string }>;
}

function fn<T>(owner: unknown, name: string): T | undefined {
  if (owner === null || typeof owner !== "object") return undefined;
  const value = (owner as Record<string, unknown>)[name];
  return typeof value === "function" ? (value.bind(owner) as T) : undefined;
}

function capabilitiesOf(created: CreatedAgent): AgentCapabilities {
  const agent = created.agent as unknown;
  const caps: AgentCapabilities = {};
  const pick = <K extends keyof AgentCapabilities>(key: K, ...owners: unknown[]) => {
    for (const owner of owners) {
      const found = fn<AgentCapabilities[K]>(owner, key);
      if (found) {
        caps[key] = found;
        return;
      }
    }
  };
  pick("setPermissionMode", created, agent);
  pick("reloadPermissions", created, agent);
  pick("switchModel", created, agent);
  pick("compact", agent, created);
  pick("listSessions", created);
  pick("listTasks", created, agent);
  return caps;
}

/** Maps the command line to `createAgent` options (the same mapping as print mode). */
export function agentOptionsFrom(options: CliOptions): CreateAgentOptions {
  return {
    ...(options.model ? { model: options.model } : {}),
    ...(options.provider ? { providerName: options.provider } : {}),
    ...(options.fallbackModel ? { fallbackModel: options.fallbackModel } : {}),
    ...(options.permissionMode ? { permissionMode: options.permissionMode } : {}),
    ...(options.maxTurns ? { maxTurns: options.maxTurns } : {}),
    ...(options.systemPrompt !== undefined ? { systemPrompt: options.systemPrompt } : {}),
    ...(options.appendSystemPrompt ? { appendSystemPrompt: options.appendSystemPrompt } : {}),
    ...(options.noSandbox ? { sandbox: false } : {}),
    ...(options.settings !== undefined ? { settings: options.settings } : {}),
    ...(options.allowedTools.length > 0 ? { allowedTools: options.allowedTools } : {}),
    ...(options.disallowedTools.length > 0 ? { disallowedTools: options.disallowedTools } : {}),
    ...(options.addDirs.length > 0 ? { addDirs: options.addDirs } : {}),
  };
}

export interface OpenOptions {
  /** Resume this session id. */
  resume?: string;
  /** Continue the latest session of the cwd. */
  continueLatest?: boolean;
  model?: string;
  permissionMode?: PermissionMode;
  /** With `resume`/`continueLatest`: continue in a new session holding that history. */
  forkSession?: boolean;
}

/**
 * The TUI's handle on the agent: creates it (lazily importing the SDK, off the start-up path),
 * replaces it for `/clear`, `/resume` and model or mode changes without SDK support, and
 * exposes the optional capabilities.
 */
export class AgentConnection {
  private readonly base: CreateAgentOptions;
  private readonly approver: Approver;
  private readonly onEvent: (event: AgentEvent) => void;
  private current: CreatedAgent | undefined;
  capabilities: AgentCapabilities = {};
  permissionMode: PermissionMode = "default";
  model = "";
  /** What the user switched to in this TUI session: kept when the agent is re-created. */
  private chosen: { model?: string; permissionMode?: PermissionMode } = {};

  constructor(options: {
    base: CreateAgentOptions;
    approver: Approver;
    onEvent: (event: AgentEvent) => void;
  }) {
    this.base = options.base;
    this.approver = options.approver;
    this.onEvent = options.onEvent;
  }

  get created(): CreatedAgent | undefined {
    return this.current;
  }

  /** Opens a (new or resumed) session, closing the current one first. Throws `SdkError`. */
  async open(open: OpenOptions = {}): Promise<CreatedAgent> {
    const { createAgent } = await import("@keel/sdk");
    await this.close();
    const options: CreateAgentOptions = {
      ...this.base,
      approver: this.approver,
      onEvent: this.onEvent,
      ...((open.model ?? this.chosen.model) ? { model: open.model ?? this.chosen.model } : {}),
      ...((open.permissionMode ?? this.chosen.permissionMode)
        ? { permissionMode: open.permissionMode ?? this.chosen.permissionMode }
        : {}),
      ...(open.resume ? { resume: open.resume } : {}),
      continueLatest: open.continueLatest ?? false,
      ...(open.forkSession ? { forkSession: true } : {}),
    };
    const created = await createAgent(options);
    this.current = created;
    this.capabilities = capabilitiesOf(created);
    this.permissionMode = created.permissionMode;
    this.model = created.model;
    if (open.model) this.chosen.model = open.model;
    if (open.permissionMode) this.chosen.permissionMode = open.permissionMode;
    return created;
  }

  /**
   * The model catalog: the agent's own (settings overrides applied) when `createAgent` returns
   * one, else the built-in catalog.
   */
  async catalog(): Promise<{ entries: readonly ModelInfo[]; lookup(id: string): ModelInfo | undefined }> {
    const own = (this.current as unknown as { catalog?: unknown } | undefined)?.catalog as
      | { entries?: readonly ModelInfo[]; lookup?: (id: string) => ModelInfo | undefined }
      | undefined;
    if (own?.lookup && own.entries) return { entries: own.entries, lookup: (id) => own.lookup?.(id) };
    const { DEFAULT_MODELS, createModelCatalog } = await import("@keel/provider");
    return createModelCatalog(DEFAULT_MODELS);
  }

  /** Remember a mode the running policy took directly (so a later re-creation keeps it). */
  rememberMode(mode: PermissionMode): void {
    this.chosen.permissionMode = mode;
    this.permissionMode = mode;
  }

  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await current?.close().catch(() => undefined);
  }
}
