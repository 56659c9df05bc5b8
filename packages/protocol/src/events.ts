import type { AssistantMessage, StopReason, Usage, UserMessage } from "./content.js";
import type { ProviderErrorKind } from "./errors.js";

/** Version of the agent event set; bumped by a new decision record when it changes. */
export const AGENT_EVENTS_VERSION = 2;

export type PermissionMode = "default" | "acceptEdits" | "plan" | "dontAsk" | "bypassPermissions";

interface EventBase {
  sessionId: string;
  /** null on the main thread; the spawning `Agent` tool call's id inside a sub-agent. */
  parentToolUseId: string | null;
}

/** A failed provider attempt that will be retried after `delayMs` (reported by the retry policy). */
export interface RetryNotice {
  /** 1-based number of the retry about to happen. */
  attempt: number;
  maxRetries: number;
  delayMs: number;
  /** HTTP status, or null for failures without a response. */
  status: number | null;
  errorKind: ProviderErrorKind;
  message: string;
  /** True when the failed attempt yielded deltas: renderers withdraw that partial output. */
  withdrawPartial: boolean;
}

export type CompactionStrategy = "micro" | "summary" | "truncation";
export type CompactionTrigger = "manual" | "auto" | "overflow";

export interface TodoItem {
  content: string;
  status: "pending" | "in_progress" | "completed";
  activeForm: string;
}

export type ResultSubtype = "success" | "error_max_turns" | "error_during_execution" | "error_aborted";

export type AgentEvent = EventBase &
  (
    | {
        type: "session_init";
        uuid: string;
        cwd: string;
        model: string;
        tools: string[];
        permissionMode: PermissionMode;
        resumed: boolean;
      }
    | { type: "turn_start"; turn: number }
    | { type: "text_delta"; index: number; text: string }
    | { type: "thinking_delta"; index: number; thinking: string }
    | { type: "tool_input_delta"; index: number; toolUseId: string; partialJson: string }
    | { type: "assistant_message"; uuid: string; message: AssistantMessage }
    | { type: "user_message"; uuid: string; message: UserMessage; synthetic: boolean }
    | { type: "tool_call_start"; toolUseId: string; name: string; input: Record<string, unknown> }
    | { type: "tool_call_progress"; toolUseId: string; message: string }
    | { type: "tool_call_end"; toolUseId: string; name: string; isError: boolean; durationMs: number }
    | {
        type: "permission_request";
        toolUseId: string;
        name: string;
        input: Record<string, unknown>;
        reason: string;
      }
    | {
        type: "permission_decision";
        toolUseId: string;
        name: string;
        behavior: "allow" | "deny";
        reason?: string;
      }
    | ({ type: "retry"; uuid: string } & RetryNotice)
    | { type: "turn_end"; turn: number; stopReason: StopReason; usage: Usage }
    | { type: "warning"; message: string }
    | {
        /** Context was compacted (decision 0002). Emitted after the record (if any) is written. */
        type: "compaction";
        /** The compaction record's uuid; absent for micro-compaction (not persisted). */
        uuid?: string;
        strategy: CompactionStrategy;
        trigger: CompactionTrigger;
        preTokens: number;
        postTokens: number;
      }
    | {
        /** A background task changed state; its notice goes into the next model request. */
        type: "task_notice";
        taskId: string;
        kind: "bash" | "agent";
        status: "completed" | "failed" | "killed";
        description: string;
        /** The short notice text the model receives. */
        notice: string;
      }
    | { type: "todos"; todos: TodoItem[] }
    | {
        type: "result";
        uuid: string;
        subtype: ResultSubtype;
        isError: boolean;
        /** Final assistant text (success), or the error message. */
        result: string;
        numTurns: number;
        durationMs: number;
        durationApiMs: number;
        totalCostUsd: number;
        usage: Usage;
        stopReason: StopReason | null;
        errors: string[];
      }
  );

export type AgentEventType = AgentEvent["type"];

/** Distributes Omit over the event union so each arm keeps its own fields. */
export type AgentEventBody<E = AgentEvent> = E extends unknown
  ? Omit<E, "sessionId" | "parentToolUseId">
  : never;
