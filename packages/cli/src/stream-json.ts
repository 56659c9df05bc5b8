import type { AgentEvent, AssistantMessage, Usage } from "@keel/protocol";
import { toAnthropicMessage } from "@keel/provider";
import { KEEL_VERSION } from "./version.js";

/** Claude Code's usage object (snake_case). */
export function wireUsage(u: Usage) {
  return {
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cache_creation_input_tokens: u.cacheCreationInputTokens,
    cache_read_input_tokens: u.cacheReadInputTokens,
  };
}

function assistantWire(m: AssistantMessage) {
  return {
    id: m.id ?? null,
    type: "message",
    role: "assistant",
    model: m.model ?? null,
    content: toAnthropicMessage(m).content,
    stop_reason: m.stopReason ?? null,
    stop_sequence: null,
    usage: m.usage ? wireUsage(m.usage) : null,
  };
}

export interface InitInfo {
  apiKeySource: string;
}

/**
 * Map an agent event to a Claude Code 2026 stream-json line (or null when the event has no
 * line). `--verbose` changes nothing here by design.
 */
export function toStreamJsonLine(event: AgentEvent, init: InitInfo): Record<string, unknown> | null {
  const base = { session_id: event.sessionId };
  switch (event.type) {
    case "session_init":
      // A sub-agent's own start is not a session start for the reader of the stream.
      if (event.parentToolUseId !== null) return null;
      return {
        type: "system",
        subtype: "init",
        cwd: event.cwd,
        session_id: event.sessionId,
        tools: event.tools,
        mcp_servers: [],
        model: event.model,
        permissionMode: event.permissionMode,
        apiKeySource: init.apiKeySource,
        keel_version: KEEL_VERSION,
        slash_commands: [],
        agents: [],
        skills: [],
        plugins: [],
        output_style: "default",
        uuid: event.uuid,
      };
    case "assistant_message":
      return {
        type: "assistant",
        message: assistantWire(event.message),
        parent_tool_use_id: event.parentToolUseId,
        ...base,
        uuid: event.uuid,
      };
    case "user_message":
      return {
        type: "user",
        message: toAnthropicMessage(event.message),
        parent_tool_use_id: event.parentToolUseId,
        ...base,
        uuid: event.uuid,
      };
    case "retry":
      return {
        type: "system",
        subtype: "api_retry",
        attempt: event.attempt,
        max_retries: event.maxRetries,
        retry_delay_ms: event.delayMs,
        error_status: event.status,
        error: event.errorKind,
        message: event.message,
        ...base,
        uuid: event.uuid,
      };
    case "compaction":
      // Micro-compaction only changes what is sent; Claude Code prints real boundaries only.
      if (event.strategy === "micro") return null;
      return {
        type: "system",
        subtype: "compact_boundary",
        compact_metadata: { trigger: event.trigger, pre_tokens: event.preTokens },
        ...base,
        uuid: event.uuid,
      };
    case "result":
      return resultLine(event, []);
    default:
      return null;
  }
}

export interface PermissionDenial {
  tool_name: string;
  tool_use_id: string;
  tool_input: Record<string, unknown>;
}

export function resultLine(
  event: Extract<AgentEvent, { type: "result" }>,
  denials: PermissionDenial[],
  model?: string,
): Record<string, unknown> {
  const subtype = event.subtype === "error_aborted" ? "error_during_execution" : event.subtype;
  return {
    type: "result",
    subtype,
    is_error: event.isError,
    duration_ms: event.durationMs,
    duration_api_ms: event.durationApiMs,
    num_turns: event.numTurns,
    ...(event.isError ? { errors: event.errors } : { result: event.result }),
    session_id: event.sessionId,
    total_cost_usd: event.totalCostUsd,
    usage: wireUsage(event.usage),
    ...(model
      ? {
          modelUsage: {
            [model]: {
              inputTokens: event.usage.inputTokens,
              outputTokens: event.usage.outputTokens,
              cacheReadInputTokens: event.usage.cacheReadInputTokens,
              cacheCreationInputTokens: event.usage.cacheCreationInputTokens,
              costUSD: event.totalCostUsd,
            },
          },
        }
      : {}),
    permission_denials: denials,
    stop_reason: event.stopReason,
    uuid: event.uuid,
  };
}
