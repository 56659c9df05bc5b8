import type { RecordedHttpRequest, Script, SseWireOptions } from "@keel/fake-anthropic/fake-server";

/** One scripted assistant response (plus the faults served before it). */
export interface FakeChatTurn {
  /**
   * What the assistant streams, in order: reasoning, text and tool calls. Tool-call ids are
   * generated (`call_fake_<n>`) unless given.
   */
  content: FakeChatContent[];
  /** `finish_reason`. Default: `tool_calls` if any tool call, else `stop` (see the dialect's `stopWithToolCalls`). */
  finishReason?: string;
  /** Defaults: prompt ≈ request bytes / 4, completion ≈ streamed characters / 4, cached 0. */
  usage?: FakeChatUsage;
  /** Faults served (one per request) before this turn's normal response is served. */
  faults?: FakeChatFault[];
  /** Interleave the tool calls' fragments (index 0, 1, 0, 1, …): a stress test for by-index assembly. */
  interleave?: boolean;
  /** Cut the LAST tool call's arguments in half and finish with `length` (max tokens). */
  truncateLastToolCall?: boolean;
}

export type FakeChatContent =
  | { type: "text"; text: string }
  /** Streamed in the dialect's reasoning field (`reasoning_content` by default). */
  | { type: "reasoning"; text: string }
  /** Streamed in `delta.refusal`. */
  | { type: "refusal"; text: string }
  /** `arguments` as an object (sent as its JSON) or as the exact string to stream. */
  | { type: "tool_call"; name: string; arguments: Record<string, unknown> | string; id?: string };

export interface FakeChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  /** Reported as `prompt_tokens_details.cached_tokens` (part of prompt_tokens). */
  cached_tokens?: number;
  reasoning_tokens?: number;
}

/**
 * A failure served instead of a normal response. `afterEvents` counts the turn's own chunks
 * (`data:` frames other than `[DONE]`), never keep-alive comments.
 */
export type FakeChatFault =
  /** OpenAI-style JSON error body `{error:{message,type,param,code}}` unless `body` is given. */
  | { kind: "http"; status: number; headers?: Record<string, string>; body?: unknown; code?: string }
  /** Stream some chunks then drop the connection; `afterEvents: 0` drops it before any headers. */
  | { kind: "reset"; afterEvents: number }
  /** Stream some chunks, then `data: {"error":{…}}` (default a server_error), then end. */
  | { kind: "error_frame"; afterEvents: number; errorType?: string; code?: string | number; message?: string }
  /** Stream some chunks, then end the response cleanly without finish_reason or `[DONE]`. */
  | { kind: "end"; afterEvents: number }
  /** Stream some chunks, then go silent with the socket open until the client gives up. */
  | { kind: "stall"; afterEvents: number };

export type FakeChatScript = Script<FakeChatTurn, RecordedChatRequest>;

/** How the emulated server differs from api.openai.com (compatible servers' quirks). */
export interface FakeChatDialect {
  /** Answer 400 to `developer` messages, like older compatible servers. */
  rejectDeveloperRole?: boolean;
  /** Answer 400 to this output-limit field (OpenAI reasoning models reject `max_tokens`). */
  rejectMaxTokensField?: "max_tokens" | "max_completion_tokens";
  /** Answer 400 to `stream_options`, and never send a usage chunk. */
  noUsage?: boolean;
  /** Tool-call fragments carry no `index`. */
  toolCallsWithoutIndex?: boolean;
  /** `finish_reason: "stop"` even when the message has tool calls. */
  stopWithToolCalls?: boolean;
  /** The delta field reasoning is streamed in. Default `reasoning_content`. */
  reasoningField?: "reasoning_content" | "reasoning";
  /** Accept `reasoningField` on assistant messages of the request (else 400, like api.openai.com). */
  acceptReasoning?: boolean;
}

/** One request the server received, with what it answered. */
export interface RecordedChatRequest extends RecordedHttpRequest {
  /** The message of a 4xx/5xx error answered by the server (validation or injected), if any. */
  error?: string;
}

/** `chunkBytes` and `crlf` are the wire hazards every fake can add. */
export interface FakeOpenAIChatOptions extends SseWireOptions {
  script: FakeChatScript;
  /** Send a `: keep-alive` comment line between every two chunks (as gateways do). */
  keepAlive?: boolean;
  /**
   * Require `Authorization: Bearer <apiKey>` (else 401). Default (undefined): any non-empty key.
   * null: no key required (a local server).
   */
  apiKey?: string | null;
  dialect?: FakeChatDialect;
  /** Default 0 (an ephemeral port). */
  port?: number;
}

export interface FakeOpenAIChatServer {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** `${url}/v1`: the base URL to give an OpenAI client; requests go to `${baseUrl}/chat/completions`. */
  baseUrl: string;
  /** Every request received, in arrival order (live array). */
  requests: RecordedChatRequest[];
  /** Stops listening and drops open connections (stalled streams included). */
  close(): Promise<void>;
}
