import type { Approver, PermissionPolicy } from "@keel/permissions";
import type { AgentEvent, FileReadRecord, Message, Usage, UserContent } from "@keel/protocol";
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
  /** Messages to start from (a resumed session). */
  messages?: Message[];
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
