import { roundRobin, splitIntoPieces } from "@keel/fake-anthropic/fake-server";
import type { FakeResponsesOutputItem, FakeResponsesTurn } from "./types.js";

type Json = Record<string, unknown>;

/** One SSE frame before encoding: `event: <type>` + `data: <JSON of payload>` (sequence_number added on write). */
export interface ResponsesStreamEvent {
  type: string;
  payload: Json;
}

export interface ResponsesTurnContext {
  responseId: string;
  model: string;
  /** Size of the request body, for the default input token count. */
  requestBytes: number;
  /** `store` of the request (echoed in the response object). */
  store: boolean;
  /** The request asked for `include: ["reasoning.encrypted_content"]`. */
  includeEncrypted: boolean;
  /** A fresh id with this prefix, e.g. `msg_fake_3`. */
  nextId: (prefix: string) => string;
  /** Called for every reasoning item served, so later requests may send it back. */
  issued: (item: { id: string; encryptedContent: string | undefined }) => void;
}

function event(type: string, body: Json): ResponsesStreamEvent {
  return { type, payload: { type, ...body } };
}

/** The `response` object of created / in_progress / completed / incomplete / failed events. */
export function responseObject(ctx: ResponsesTurnContext, fields: Json): Json {
  return {
    id: ctx.responseId,
    object: "response",
    created_at: 1_767_225_600,
    status: "in_progress",
    error: null,
    incomplete_details: null,
    model: ctx.model,
    output: [],
    parallel_tool_calls: true,
    store: ctx.store,
    usage: null,
    ...fields,
  };
}

interface ItemEvents {
  events: ResponsesStreamEvent[];
  /** The finished item as it appears in `response.output`; undefined when it was cut off. */
  done: Json | undefined;
  /** Characters of generated output, for the default output token count. */
  outputChars: number;
}

function messageEvents(
  item: Extract<FakeResponsesOutputItem, { type: "message" }>,
  index: number,
  ctx: ResponsesTurnContext,
  truncate: boolean,
): ItemEvents {
  const id = item.id ?? ctx.nextId("msg");
  const texts = typeof item.text === "string" ? [item.text] : item.text;
  const base = { id, type: "message", role: "assistant" };
  const at = { item_id: id, output_index: index };
  const events = [
    event("response.output_item.added", {
      output_index: index,
      item: { ...base, status: "in_progress", content: [] },
    }),
  ];
  let outputChars = 0;
  const parts: Json[] = [];
  for (const [contentIndex, full] of texts.entries()) {
    const cut = truncate && contentIndex === texts.length - 1;
    const text = cut
      ? Array.from(full)
          .slice(0, Math.ceil(Array.from(full).length / 2))
          .join("")
      : full;
    const where = { ...at, content_index: contentIndex };
    events.push(
      event("response.content_part.added", {
        ...where,
        part: { type: "output_text", text: "", annotations: [] },
      }),
    );
    for (const delta of splitIntoPieces(text, 3)) {
      events.push(event("response.output_text.delta", { ...where, delta, logprobs: [] }));
    }
    outputChars += text.length;
    if (cut) return { events, done: undefined, outputChars };
    const part = { type: "output_text", text, annotations: [] };
    events.push(event("response.output_text.done", { ...where, text, logprobs: [] }));
    events.push(event("response.content_part.done", { ...where, part }));
    parts.push(part);
  }
  const done = { ...base, status: "completed", content: parts };
  events.push(event("response.output_item.done", { output_index: index, item: done }));
  return { events, done, outputChars };
}

function reasoningEvents(
  item: Extract<FakeResponsesOutputItem, { type: "reasoning" }>,
  index: number,
  ctx: ResponsesTurnContext,
): ItemEvents {
  const id = item.id ?? ctx.nextId("rs");
  const summary = item.summary ?? [];
  const at = { item_id: id, output_index: index };
  const events = [
    event("response.output_item.added", {
      output_index: index,
      item: { id, type: "reasoning", summary: [] },
    }),
  ];
  let outputChars = 0;
  for (const [summaryIndex, text] of summary.entries()) {
    const where = { ...at, summary_index: summaryIndex };
    events.push(
      event("response.reasoning_summary_part.added", { ...where, part: { type: "summary_text", text: "" } }),
    );
    for (const delta of splitIntoPieces(text, 3)) {
      events.push(event("response.reasoning_summary_text.delta", { ...where, delta }));
    }
    events.push(event("response.reasoning_summary_text.done", { ...where, text }));
    events.push(
      event("response.reasoning_summary_part.done", { ...where, part: { type: "summary_text", text } }),
    );
    outputChars += text.length;
  }
  const encryptedContent = ctx.includeEncrypted
    ? (item.encrypted_content ?? `gAAAAB-fake-${ctx.nextId("enc")}-${"x".repeat(24)}`)
    : undefined;
  ctx.issued({ id, encryptedContent });
  const done: Json = {
    id,
    type: "reasoning",
    summary: summary.map((text) => ({ type: "summary_text", text })),
  };
  if (encryptedContent !== undefined) done.encrypted_content = encryptedContent;
  events.push(event("response.output_item.done", { output_index: index, item: done }));
  return { events, done, outputChars };
}

function functionCallEvents(
  item: Extract<FakeResponsesOutputItem, { type: "function_call" }>,
  index: number,
  ctx: ResponsesTurnContext,
  truncate: boolean,
): ItemEvents {
  const id = item.id ?? ctx.nextId("fc");
  const callId = item.call_id ?? ctx.nextId("call");
  const json = typeof item.arguments === "string" ? item.arguments : JSON.stringify(item.arguments);
  const base = { id, type: "function_call", call_id: callId, name: item.name };
  const at = { item_id: id, output_index: index };
  const events = [
    event("response.output_item.added", {
      output_index: index,
      item: { ...base, arguments: "", status: "in_progress" },
    }),
  ];
  const sent = truncate ? json.slice(0, Math.max(1, Math.floor(json.length / 2))) : json;
  for (const delta of splitIntoPieces(sent, 3)) {
    events.push(event("response.function_call_arguments.delta", { ...at, delta }));
  }
  if (truncate) return { events, done: undefined, outputChars: sent.length };
  events.push(event("response.function_call_arguments.done", { ...at, arguments: json }));
  const done = { ...base, arguments: json, status: "completed" };
  events.push(event("response.output_item.done", { output_index: index, item: done }));
  return { events, done, outputChars: sent.length };
}

/** The complete event sequence of a turn's normal (successful or incomplete) response. */
export function turnEvents(turn: FakeResponsesTurn, ctx: ResponsesTurnContext): ResponsesStreamEvent[] {
  const truncateLast = turn.incomplete === "max_output_tokens";
  let outputChars = 0;
  const output: Json[] = [];
  const perItem = turn.output.map((item, index) => {
    const truncate = truncateLast && index === turn.output.length - 1;
    const built =
      item.type === "message"
        ? messageEvents(item, index, ctx, truncate)
        : item.type === "reasoning"
          ? reasoningEvents(item, index, ctx)
          : functionCallEvents(item, index, ctx, truncate);
    outputChars += built.outputChars;
    if (built.done) output.push(built.done);
    return built.events;
  });
  const body = turn.interleave ? roundRobin(perItem) : perItem.flat();

  const inputTokens = turn.usage?.input_tokens ?? Math.ceil(ctx.requestBytes / 4);
  const outputTokens = turn.usage?.output_tokens ?? Math.ceil(outputChars / 4) + 1;
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: turn.usage?.cached_tokens ?? 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: turn.usage?.reasoning_tokens ?? 0 },
    total_tokens: inputTokens + outputTokens,
  };
  const end = turn.incomplete
    ? event("response.incomplete", {
        response: responseObject(ctx, {
          status: "incomplete",
          incomplete_details: { reason: turn.incomplete },
          output,
          usage,
        }),
      })
    : event("response.completed", {
        response: responseObject(ctx, { status: "completed", output, usage }),
      });
  return [
    event("response.created", { response: responseObject(ctx, {}) }),
    event("response.in_progress", { response: responseObject(ctx, {}) }),
    ...body,
    end,
  ];
}

/** The failure tail of a fault: an `error` event (either shape) and/or `response.failed`. */
export function failureEvents(
  ctx: ResponsesTurnContext,
  failure: { code: string; message: string; errorEvent?: "nested" | "flat"; failed: boolean },
): ResponsesStreamEvent[] {
  const events: ResponsesStreamEvent[] = [];
  const error = {
    type: errorTypeForCode(failure.code),
    code: failure.code,
    message: failure.message,
    param: null,
  };
  if (failure.errorEvent === "nested") events.push(event("error", { error }));
  if (failure.errorEvent === "flat") {
    events.push(event("error", { code: failure.code, message: failure.message, param: null }));
  }
  if (failure.failed) {
    events.push(
      event("response.failed", {
        response: responseObject(ctx, {
          status: "failed",
          error: { code: failure.code, message: failure.message },
        }),
      }),
    );
  }
  return events;
}

/** The `error.type` real responses pair with a code. */
export function errorTypeForCode(code: string): string {
  if (code === "server_error") return "server_error";
  if (code === "insufficient_quota") return "insufficient_quota";
  if (code === "rate_limit_exceeded") return "tokens";
  return "invalid_request_error";
}
