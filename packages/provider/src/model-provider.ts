import type { Message, ProviderEvent, ToolSpec } from "@keel/protocol";

/** One request to a model. Adapters map it to their wire format. */
export interface ModelRequest {
  model: string;
  /**
   * The stable system prompt. Keep it byte-identical across turns: adapters put a cache
   * breakpoint after it (tools + system form the cached prefix).
   */
  system: string;
  /**
   * Dynamic facts (date, git status, memory files). Sent after the stable prefix (Anthropic:
   * as a text block at the start of the first user message) so changing it never invalidates
   * the tools/system cache. Must stay the same for the whole session to keep the message cache.
   */
  context?: string;
  messages: Message[];
  tools: ToolSpec[];
  maxTokens: number;
  /** Extended thinking budget; omitted = thinking off. */
  thinking?: { budgetTokens: number };
  temperature?: number;
}

/**
 * A streaming model. `stream` yields provider events and ends with exactly one `message_end`
 * carrying the complete assistant message, stop reason and usage.
 *
 * Contract for implementers:
 * - Throw `ProviderError` (classified) for every failure, including HTTP errors, mid-stream
 *   error frames, a stream that ends before its terminal event, and aborts (`kind: "aborted"`).
 * - Never retry internally (SDK retries off): `streamWithRetry` owns retries.
 * - Stop promptly when `signal` aborts.
 */
export interface ModelProvider {
  /** Short provider id, e.g. `anthropic`. */
  readonly id: string;
  stream(request: ModelRequest, signal: AbortSignal, hooks?: StreamHooks): AsyncIterable<ProviderEvent>;
}

/** Optional observers a caller passes to `stream`. */
export interface StreamHooks {
  /**
   * Called whenever bytes arrive (including pings and other frames that yield no event), so
   * an idle watchdog measures silence on the wire, not gaps between events. Must not throw.
   */
  onActivity?: () => void;
}
