import { join } from "node:path";
import type { PermissionMode } from "@keel/permissions";
import type { Env } from "@keel/sdk";
import { listSessionsFromFiles } from "../commands/session-list-fallback.js";
import { style } from "../render/theme.js";
import type { SessionStats } from "../status/session-stats.js";
import type { EventRenderer } from "../transcript/event-renderer.js";
import type { AgentConnection, OpenOptions, SessionSummary } from "./agent-connection.js";

const MODE_CYCLE: PermissionMode[] = ["default", "acceptEdits", "plan"];

export interface AgentLifecycleOptions {
  connection: AgentConnection;
  renderer: EventRenderer;
  stats: SessionStats;
  cwd: string;
  env: Env;
  /** A run is in progress (the agent must not be replaced under it). */
  busy: () => boolean;
  notice: (text: string, colour?: (t: string) => string) => void;
  requestRender: () => void;
  /** Injected listing (the SDK's); else the agent's, else the fallback over the session files. */
  listSessions?: () => Promise<SessionSummary[]>;
}

/**
 * Starting and replacing the agent — at start-up, `/clear`, `/resume`, and for a mode or model
 * change when the SDK cannot change them in place — and the settings it owns (mode, model,
 * permission rules). `ready` resolves once the latest start finished (true when it succeeded).
 */
export class AgentLifecycle {
  private readonly o: AgentLifecycleOptions;
  ready: Promise<boolean> = Promise.resolve(false);
  /** A mode chosen while a run was going and the SDK cannot switch in place. */
  pendingMode: PermissionMode | undefined;
  contextWindow: number | undefined;

  constructor(options: AgentLifecycleOptions) {
    this.o = options;
  }

  get permissionMode(): PermissionMode {
    return this.pendingMode ?? this.o.connection.permissionMode;
  }

  /** Starts (or replaces) the agent; `quiet` for re-creations that keep the conversation on screen. */
  start(open: OpenOptions, quiet = false): Promise<boolean> {
    this.ready = this.open(open, quiet);
    return this.ready;
  }

  private async open(open: OpenOptions, quiet: boolean): Promise<boolean> {
    const { connection, renderer, stats, notice } = this.o;
    try {
      const created = await connection.open(open);
      if (!quiet) for (const w of created.warnings) notice(`⚠ ${w}`, style.yellow);
      for (const n of created.notices) notice(n);
      this.contextWindow = (await connection.catalog()).lookup(created.model)?.contextWindow;
      if (created.resumed && !quiet) {
        renderer.replay(created.agent.messages);
        const last = [...created.agent.messages].reverse().find((m) => m.role === "assistant" && m.usage);
        const u = last?.role === "assistant" ? last.usage : undefined;
        stats.resetContext(
          u ? u.inputTokens + u.cacheCreationInputTokens + u.cacheReadInputTokens + u.outputTokens : 0,
        );
        notice(`Resumed session ${created.sessionId}`);
      }
      this.o.requestRender();
      return true;
    } catch (error) {
      notice(`✗ ${error instanceof Error ? error.message : String(error)}`, style.red);
      return false;
    }
  }

  async newSession(): Promise<void> {
    if (await this.start({})) {
      this.o.stats.resetContext();
      this.o.notice(`New session ${this.o.connection.created?.sessionId ?? ""}`);
    }
  }

  async resumeSession(sessionId: string): Promise<void> {
    await this.start({ resume: sessionId });
  }

  async switchModel(model: string): Promise<void> {
    const { connection } = this.o;
    const switchModel = connection.capabilities.switchModel;
    if (switchModel) {
      switchModel(model);
      connection.model = model;
    } else {
      const id = connection.created?.sessionId;
      if (!(await this.start({ model, ...(id ? { resume: id } : {}) }, true))) return;
    }
    this.contextWindow = (await connection.catalog()).lookup(connection.model)?.contextWindow;
    this.o.notice(`Model: ${connection.model}`);
  }

  /** Shift+Tab: default → acceptEdits → plan → default. */
  async cycleMode(): Promise<void> {
    await this.ready; // the mode belongs to the agent being started
    const next = MODE_CYCLE[(MODE_CYCLE.indexOf(this.permissionMode) + 1) % MODE_CYCLE.length] ?? "default";
    await this.setMode(next);
  }

  async setMode(mode: PermissionMode): Promise<void> {
    const { connection } = this.o;
    const set = connection.capabilities.setPermissionMode;
    if (set) {
      set(mode);
      connection.rememberMode(mode);
      this.pendingMode = undefined;
    } else if (this.o.busy()) {
      this.pendingMode = mode; // applied when the run ends (the agent is re-created then)
    } else {
      this.pendingMode = undefined;
      const id = connection.created?.sessionId;
      await this.start({ permissionMode: mode, ...(id ? { resume: id } : {}) }, true);
    }
    this.o.requestRender();
  }

  /** After a run: a mode chosen during it, when the SDK could not switch in place. */
  async applyPendingMode(): Promise<void> {
    if (this.pendingMode) await this.setMode(this.pendingMode);
  }

  /** "Don't ask again": the rules go to `.keel/settings.local.json`, then into the running policy. */
  async rememberRules(rules: string[]): Promise<boolean> {
    try {
      const { addPermissionRule, settingsFilePath, keelHome } = await import("@keel/sdk");
      const path = settingsFilePath("local", { cwd: this.o.cwd, keelHome: keelHome(this.o.env) });
      for (const rule of rules) addPermissionRule({ path, behavior: "allow", rule });
      this.o.notice(`Saved ${rules.join(", ")} to ${path}`, style.green);
      return await this.reloadPermissions();
    } catch (error) {
      this.o.notice(`Rule not saved: ${error instanceof Error ? error.message : String(error)}`, style.red);
      return false;
    }
  }

  /** Re-reads the settings' rules into the running policy; false when the SDK cannot. */
  async reloadPermissions(): Promise<boolean> {
    const reload = this.o.connection.capabilities.reloadPermissions;
    if (!reload) return false;
    await reload();
    return true;
  }

  listSessions(): Promise<SessionSummary[]> {
    const list = this.o.listSessions ?? this.o.connection.capabilities.listSessions;
    if (list) return list();
    const file = this.o.connection.created?.sessionPath;
    return import("@keel/sdk").then(({ projectSessionDir }) =>
      listSessionsFromFiles(file ? join(file, "..") : projectSessionDir(this.o.env, this.o.cwd)),
    );
  }
}
