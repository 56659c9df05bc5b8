import type { Message } from "@keel/protocol";
import type { Env } from "@keel/sdk";
import type { CliOptions } from "../../args.js";
import type { AgentConnection, SessionSummary } from "../app/agent-connection.js";
import type { SessionStats } from "../status/session-stats.js";

/** A command loaded from `.keel/commands/*.md` or `.claude/commands/*.md` (by the SDK). */
export interface CustomCommand {
  name: string;
  description: string;
  argumentHint?: string;
  /** The prompt to send for `/name args` (`$ARGUMENTS` replaced). */
  expand(args: string): string;
}

/** A picker entry (`/resume`, `/model`). */
export interface PickItem {
  value: string;
  label: string;
  description?: string;
}

/** What slash commands may do to the TUI. Implemented by the TUI app. */
export interface CommandHost {
  readonly cwd: string;
  readonly env: Env;
  readonly options: CliOptions;
  readonly connection: AgentConnection;
  readonly stats: SessionStats;
  /** A run (or `!` command) is in progress. */
  readonly busy: boolean;
  /** Prints Keel's own styled text into the transcript. */
  print(text: string): void;
  /** Shows stored messages (earlier history) in the transcript, as a resume does. */
  showMessages(messages: readonly Message[]): void;
  /** Prints a dim (or coloured) notice. */
  notice(text: string, colour?: (t: string) => string): void;
  /** Sends a prompt to the agent as if typed (shown as `display`, default the prompt). */
  submit(prompt: string, display?: string): void;
  /** Starts a new, empty session. */
  newSession(): Promise<void>;
  /** Switches to a stored session and shows its recent history. */
  resumeSession(sessionId: string): Promise<void>;
  /** Uses another model for the following requests. */
  switchModel(model: string): Promise<void>;
  /** Shows a picker in place of the prompt; `onPick` gets the chosen value (not called on Esc). */
  pick(
    title: string,
    items: PickItem[],
    onPick: (value: string) => void | Promise<void>,
    initial?: string,
  ): void;
  /** Runs side work with the spinner on (`label…`); Esc aborts the signal. */
  runBusy<T>(label: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Suspends the TUI and opens a file in `$VISUAL`/`$EDITOR`. */
  openInEditor(path: string): Promise<void>;
  /** The project's sessions, newest first (the SDK's listing or the fallback). */
  listSessions(): Promise<SessionSummary[]>;
  /** Applies rules just written to a settings file to the running policy (if the SDK can). */
  reloadPermissions(): Promise<boolean>;
  /** All commands, for `/help`. */
  commands(): readonly SlashCommandDef[];
  exit(): void;
}

export interface SlashCommandDef {
  name: string;
  description: string;
  argumentHint?: string;
  /** Also when the agent is working (read-only commands). Default false. */
  whileBusy?: boolean;
  run(args: string, host: CommandHost): void | Promise<void>;
}
