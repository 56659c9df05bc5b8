import type { RecordedHttpRequest, Script, SseWireOptions } from "@keel/fake-anthropic/fake-server";

/** One scripted response (plus the faults served before it). */
export interface FakeResponsesTurn {
  /** Output items streamed in order (`output_index` 0, 1, …). */
  output: FakeResponsesOutputItem[];
  /** Defaults: input ≈ request bytes / 4, cached 0, output ≈ streamed characters / 4. */
  usage?: FakeResponsesUsage;
  /** Faults served (one per request) before this turn's normal response is served. */
  faults?: FakeResponsesFault[];
  /**
   * End with `response.incomplete` for this reason instead of `response.completed`. With
   * `max_output_tokens` the LAST item is cut off mid-stream (half its arguments or text, no
   * `…done` events), as the real API does when it runs out of output tokens.
   */
  incomplete?: "max_output_tokens" | "content_filter";
  /** Interleave the items' events (item 1 starts before item 0 is done): a stress test for by-index assembly. */
  interleave?: boolean;
}

export type FakeResponsesOutputItem =
  /** An assistant message; several strings are several `output_text` content parts. */
  | { type: "message"; text: string | string[]; id?: string }
  /**
   * A reasoning item. `encrypted_content` (default: generated) is only sent when the request
   * asked for `include: ["reasoning.encrypted_content"]`, as the real API does.
   */
  | { type: "reasoning"; summary?: string[]; encrypted_content?: string; id?: string }
  /** A function call; `call_id` defaults to `call_fake_<n>`, `id` to `fc_fake_<n>`. */
  | {
      type: "function_call";
      name: string;
      arguments: Record<string, unknown> | string;
      call_id?: string;
      id?: string;
    };

export interface FakeResponsesUsage {
  /** Total input tokens, cached ones included (as the API reports them). */
  input_tokens?: number;
  cached_tokens?: number;
  output_tokens?: number;
  reasoning_tokens?: number;
}

/**
 * A failure served instead of a normal response. `afterEvents` counts the turn's own stream
 * events (`response.created` is the first), never keep-alive comments.
 */
export type FakeResponsesFault =
  /** JSON error body; default `{error:{message,type,param:null,code}}` chosen by status. */
  | { kind: "http"; status: number; headers?: Record<string, string>; code?: string; body?: unknown }
  /** Stream some events then drop the connection; `afterEvents: 0` drops it before any headers. */
  | { kind: "reset"; afterEvents: number }
  /**
   * Stream some events, then an `error` event, then (unless `failed: false`) `response.failed`.
   * `shape: "nested"` (default, what real streams sent) puts `{type, code, message, param}` in
   * `error`; `"flat"` is the spec's `{type:"error", code, message, param}`.
   */
  | {
      kind: "error_event";
      afterEvents: number;
      code?: string;
      message?: string;
      shape?: "nested" | "flat";
      failed?: boolean;
    }
  /** Stream some events, then `response.failed` alone (no `error` event). */
  | { kind: "failed"; afterEvents: number; code?: string; message?: string }
  /** Stream some events, then end the body cleanly, without a terminal event. */
  | { kind: "end"; afterEvents: number }
  /** Stream some events, then go silent with the socket open until the client gives up. */
  | { kind: "stall"; afterEvents: number };

export type FakeResponsesScript = Script<FakeResponsesTurn, FakeResponsesRecordedRequest>;

/** One request the server received, with what it answered. */
export type FakeResponsesRecordedRequest = RecordedHttpRequest;

/** `chunkBytes` and `crlf` are the wire hazards every fake can add. */
export interface FakeResponsesOptions extends SseWireOptions {
  script: FakeResponsesScript;
  /** Send a `: keepalive` comment line between every two events. */
  keepalive?: boolean;
  /** Require `Authorization: Bearer <apiKey>` (else 401). Default: any non-empty key. */
  apiKey?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
}

export interface FakeResponsesServer {
  /**
   * The API base URL, `http://127.0.0.1:<port>/v1` (what `OPENAI_BASE_URL` holds); requests
   * go to `${url}/responses`.
   */
  url: string;
  /** Every request received, in arrival order (live array). */
  requests: FakeResponsesRecordedRequest[];
  /** Stops listening and drops open connections (stalled streams included). */
  close(): Promise<void>;
}
