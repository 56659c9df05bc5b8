import type { RecordedHttpRequest, Script, SseWireOptions } from "./fake-server/index.js";

/** One scripted assistant response (plus the faults served before it). */
export interface FakeTurn {
  /** Blocks the assistant streams, in order. tool_use ids are generated (`toolu_<n>`) unless given. */
  content: FakeContentBlock[];
  /** Default: `tool_use` if any tool_use block, else `end_turn`. */
  stopReason?: string;
  /** Defaults: input ≈ request bytes / 4, output ≈ streamed characters / 4, cache counters 0. */
  usage?: FakeUsage;
  /** Faults served (one per request) before this turn's normal response is served. */
  faults?: FakeFault[];
  /** Truncate the LAST tool_use block mid-JSON with stop_reason max_tokens (no content_block_stop). */
  truncateLastToolUse?: boolean;
  /** Interleave the blocks' events (block 1 starts before block 0 stops), as a stress test for by-index assembly. */
  interleave?: boolean;
}

export type FakeContentBlock =
  | { type: "text"; text: string }
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "redacted_thinking"; data: string }
  | { type: "tool_use"; name: string; input: Record<string, unknown>; id?: string };

export interface FakeUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/**
 * A failure served instead of a normal response. `afterEvents` counts the turn's own stream
 * events (message_start, block events, …), never pings.
 */
export type FakeFault =
  /** JSON error body; default `{type:"error",error:{type:<by status>,message}}`. */
  | { kind: "http"; status: number; headers?: Record<string, string>; body?: unknown }
  /** Stream some events then drop the connection; `afterEvents: 0` drops it before any headers. */
  | { kind: "reset"; afterEvents: number }
  /** Stream some events, then an `event: error` frame (default overloaded_error), then end. */
  | { kind: "error_frame"; afterEvents: number; errorType?: string; message?: string }
  /** Stream some events, then go silent with the socket open until the client gives up. */
  | { kind: "stall"; afterEvents: number };

export type FakeScript = Script<FakeTurn, RecordedRequest>;

/** One request the server received, with what it answered. */
export type RecordedRequest = RecordedHttpRequest;

/** `chunkBytes` and `crlf` are the wire hazards every fake can add. */
export interface FakeServerOptions extends SseWireOptions {
  script: FakeScript;
  /** Send an `event: ping` frame between every two events. */
  pings?: boolean;
  /** Require `x-api-key` or `Authorization: Bearer` equal to this (else 401). Default: any non-empty value. */
  apiKey?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
}

export interface FakeAnthropicServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`; requests go to `${url}/v1/messages`. */
  url: string;
  /** Every request received, in arrival order (live array). */
  requests: RecordedRequest[];
  /** Stops listening and drops open connections (stalled streams included). */
  close(): Promise<void>;
}
