import { roundRobin, splitIntoPieces } from "./fake-server/index.js";
import type { FakeContentBlock, FakeTurn } from "./types.js";

/** One SSE frame before encoding: `event: <name>` + `data: <JSON of payload>`. */
export interface StreamEvent {
  name: string;
  payload: Record<string, unknown>;
}

export interface TurnContext {
  messageId: string;
  model: string;
  /** Size of the request body, for the default input token count. */
  requestBytes: number;
  /** Generates `toolu_<n>` ids for tool_use blocks without one. */
  nextToolUseId: () => string;
}

function delta(index: number, body: Record<string, unknown>): StreamEvent {
  return { name: "content_block_delta", payload: { type: "content_block_delta", index, delta: body } };
}

function blockStart(index: number, block: Record<string, unknown>): StreamEvent {
  return {
    name: "content_block_start",
    payload: { type: "content_block_start", index, content_block: block },
  };
}

function blockStop(index: number): StreamEvent {
  return { name: "content_block_stop", payload: { type: "content_block_stop", index } };
}

interface BlockEvents {
  events: StreamEvent[];
  /** Characters of generated output, for the default output token count. */
  outputChars: number;
}

function eventsForBlock(
  block: FakeContentBlock,
  index: number,
  ctx: TurnContext,
  truncate: boolean,
): BlockEvents {
  switch (block.type) {
    case "text": {
      const events = [blockStart(index, { type: "text", text: "" })];
      for (const piece of splitIntoPieces(block.text, 3)) {
        events.push(delta(index, { type: "text_delta", text: piece }));
      }
      events.push(blockStop(index));
      return { events, outputChars: block.text.length };
    }
    case "thinking": {
      const events = [blockStart(index, { type: "thinking", thinking: "", signature: "" })];
      for (const piece of splitIntoPieces(block.thinking, 3)) {
        events.push(delta(index, { type: "thinking_delta", thinking: piece }));
      }
      events.push(delta(index, { type: "signature_delta", signature: block.signature }));
      events.push(blockStop(index));
      return { events, outputChars: block.thinking.length };
    }
    case "redacted_thinking":
      return {
        events: [blockStart(index, { type: "redacted_thinking", data: block.data }), blockStop(index)],
        outputChars: 0,
      };
    case "tool_use": {
      const id = block.id ?? ctx.nextToolUseId();
      const json = JSON.stringify(block.input);
      const events = [blockStart(index, { type: "tool_use", id, name: block.name, input: {} })];
      // The real API's first fragment is often empty; clients must not treat `input: {}` as a prefix.
      events.push(delta(index, { type: "input_json_delta", partial_json: "" }));
      const sent = truncate ? json.slice(0, Math.max(1, Math.floor(json.length / 2))) : json;
      for (const piece of splitIntoPieces(sent, 3)) {
        events.push(delta(index, { type: "input_json_delta", partial_json: piece }));
      }
      if (!truncate) events.push(blockStop(index));
      return { events, outputChars: sent.length };
    }
  }
}

/** The complete event sequence of a turn's normal (successful) response. */
export function turnEvents(turn: FakeTurn, ctx: TurnContext): StreamEvent[] {
  const lastToolUse = turn.content.map((b) => b.type).lastIndexOf("tool_use");
  const truncateAt = turn.truncateLastToolUse && lastToolUse >= 0 ? lastToolUse : -1;
  const blocks = truncateAt >= 0 ? turn.content.slice(0, truncateAt + 1) : turn.content;

  let outputChars = 0;
  const perBlock = blocks.map((block, index) => {
    const built = eventsForBlock(block, index, ctx, index === truncateAt);
    outputChars += built.outputChars;
    return built.events;
  });
  const body = turn.interleave ? roundRobin(perBlock) : perBlock.flat();

  const hasToolUse = turn.content.some((b) => b.type === "tool_use");
  const stopReason =
    truncateAt >= 0 ? "max_tokens" : (turn.stopReason ?? (hasToolUse ? "tool_use" : "end_turn"));
  const usage = {
    input_tokens: turn.usage?.input_tokens ?? Math.ceil(ctx.requestBytes / 4),
    cache_creation_input_tokens: turn.usage?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: turn.usage?.cache_read_input_tokens ?? 0,
  };
  const outputTokens = turn.usage?.output_tokens ?? Math.ceil(outputChars / 4) + 1;

  const start: StreamEvent = {
    name: "message_start",
    payload: {
      type: "message_start",
      message: {
        id: ctx.messageId,
        type: "message",
        role: "assistant",
        model: ctx.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    },
  };
  // Like current recordings, message_delta repeats the input-side counters: usage is cumulative.
  const end: StreamEvent = {
    name: "message_delta",
    payload: {
      type: "message_delta",
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { ...usage, output_tokens: outputTokens },
    },
  };
  return [start, ...body, end, { name: "message_stop", payload: { type: "message_stop" } }];
}
