import type { BudgetThresholds, MicroCompactionOptions } from "@keel/compact";
import type { Approver, PermissionPolicy } from "@keel/permissions";
import type {
  AgentEvent,
  CompactionRecord,
  CompactionTrigger,
  FileReadRecord,
  Message,
  Usage,
  UserContent,
} from "@keel/protocol";
import type { ModelProvider } from "@keel/provider";
import type { ToolOutput, ToolRegistry } from "@keel/tools";
import type { SessionLog } from "./session-store.js";

/** Seams for hooks and embedders. Each must not throw; a rejection is reported as a warning. */
export interface AgentInterceptors {
  /** Before a user prompt is stored; may rewrite it, or block it with a reason. */
  onUserPrompt?: (content: UserContent[]) => Promise<{ block?: string; content?: UserContent[] } | undefined>;
  /** Before a tool call's permission check (see ToolRunner). */
  beforeToolCall?: (
    call: { toolUseId: string; name: string; input: Record<string, unknown> },
    signal: AbortSignal,
  ) => Promise<{ behavior: "allow" | "deny" | "ask"; reason?: string } | undefined>;
  afterToolCall?: (
    call: { toolUseId: string; name: string; input: Record<string, unknown> },
    output: ToolOutput,
  ) => Promise<ToolOutput | undefined>;
  /** When the model ends its turn; returning `continueWith` feeds that text back as a new turn. */
  onStop?: (lastAssistantText: string) => Promise<{ continueWith?: string } | undefined>;
  /**
   * Before a summary compaction (Claude Code's PreCompact): may block it with a reason, or add
   * instructions for the summary (joined after the user's `/compact` instructions).
   */
  beforeCompact?: (info: {
    trigger: CompactionTrigger;
    instructions?: string;
  }) => Promise<{ block?: string; instructions?: string } | undefined>;
}

/** The context budget and how the agent compacts (see @keel/compact). */
export interface CompactionOptions {
  /** The model's context window, in tokens (from the model catalog or settings). */
  contextWindow: number;
  /** The model's max output tokens. */
  maxOutputTokens: number;
  /**
   * Default true. `false` really turns compaction off: no micro-compaction, no summary, no
   * recovery from a provider overflow; a request over the window ends the run with an overflow
   * error instead. `Agent.compact()` (the user's `/compact`) still works.
   */
  autoCompact?: boolean;
  /** Tokens kept free for the answer. Default min(maxOutputTokens, the request's maxTokens). */
  reserve?: number;
  /** Slack below the hard limit where automatic compaction starts. Default 10 % (1K–20K tokens). */
  margin?: number;
  /** Fractions of the usable window (window − reserve) for `micro`, `warn`, `auto`. */
  thresholds?: BudgetThresholds;
  /** Recent tokens a summary keeps verbatim. Default 25 % of the auto point. */
  keepTokens?: number;
  /** Micro-compaction (old tool results cleared from what is sent). */
  micro?: MicroCompactionOptions;
  /** Who writes summaries. Default: the agent's provider and model. */
  summaryProvider?: ModelProvider;
  summaryModel?: string;
  /** Output cap of a summary. Default min(maxOutputTokens, 8192, contextWindow / 16). */
  summaryMaxTokens?: number;
}

export interface AgentOptions {
  sessionId: string;
  provider: ModelProvider;
  model: string;
  /** Stable system prompt (byte-identical across turns). */
  system: string;
  /** Dynamic context block (date, git status, memory files), fixed for the session. */
  context?: string;
  tools: ToolRegistry;
  policy: PermissionPolicy;
  /** Absent: asks become denies that say which flag allows them (print mode, sub-agents). */
  approver?: Approver;
  /** Where records go; absent = in-memory only. */
  log?: SessionLog;
  cwd: string;
  /** Messages to start from (a resumed session: the messages after its last boundary). */
  messages?: Message[];
  /**
   * The stored uuid of each of `messages`, same order. Lets a compaction keep loaded messages
   * verbatim (the boundary record names the first kept one); without it only messages stored
   * by this agent can start the kept range.
   */
  messageUuids?: readonly string[];
  /** A resumed session's last compaction boundary: the history is its summary message, then `messages`. */
  boundary?: CompactionRecord;
  /** Context budget and compaction. Absent: no proactive compaction (a provider overflow still compacts once). */
  compaction?: CompactionOptions;
  /**
   * Content stored as a user message right after each compaction (e.g. the todo list). Memory
   * files need not be: they are in `context`, sent with every request. Must not throw.
   */
  reinject?: () => UserContent[] | undefined;
  /**
   * Pending notices (finished background tasks), taken before each model request and when the
   * model ends its turn; they are stored as one synthetic user message, wrapped in
   * `<task-notification>` unless already wrapped. Must not throw.
   */
  takeNotices?: () => string[];
  /** Files read earlier in a resumed session (its `file_read` records). */
  fileReads?: FileReadRecord[];
  /** Max model requests per `run`. Default 100. */
  maxTurns?: number;
  /** Max output tokens per response. Default 8192. */
  maxTokens?: number;
  thinking?: { budgetTokens: number };
  /** How many times a text answer cut by max_tokens is continued. Default 3. */
  maxContinuations?: number;
  retry?: { maxRetries?: number; idleTimeoutMs?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Asked once per request when `model` is still overloaded after all retries (`--fallback-model`). */
  fallback?: { model: string; provider: ModelProvider };
  /** Prices a response's usage; `known: false` marks an unknown model (costs 0). */
  price?: (model: string, usage: Usage) => { costUsd: number; known: boolean };
  interceptors?: AgentInterceptors;
  /** Every event of the run, synchronously, in order. Must not throw. */
  onEvent?: (event: AgentEvent) => void;
  /** null on the main thread; the spawning Agent call's id in a sub-agent. */
  parentToolUseId?: string | null;
  /** Tool concurrency for read-only batches. Default 10. */
  maxToolConcurrency?: number;
  /** Max characters of one tool result. Default 30000. */
  maxToolOutputChars?: number;
}
