import { roundRobin, splitIntoPieces } from "@keel/fake-anthropic/fake-server";
import type { FakeChatContent, FakeChatDialect, FakeChatTurn } from "./types.js";

type Json = Record<string, unknown>;

export interface ChatTurnContext {
  completionId: string;
  model: string;
  /** Size of the request body, for the default prompt token count. */
  requestBytes: number;
  /** The request asked for `stream_options.include_usage` (the usage chunk is only sent then). */
  includeUsage: boolean;
  dialect: FakeChatDialect;
  /** Generates `call_fake_<n>` ids for tool calls without one. */
  nextToolCallId: () => string;
}

type ToolCallContent = Extract<FakeChatContent, { type: "tool_call" }>;

/** The `delta.tool_calls` fragments of one call: opening fragment, then argument pieces. */
function toolCallFragments(
  call: ToolCallContent,
  index: number,
  ctx: ChatTurnContext,
  truncate: boolean,
): { fragments: Json[]; chars: number } {
  const json = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
  const sent = truncate ? json.slice(0, Math.max(1, Math.floor(json.length / 2))) : json;
  const withIndex = (fragment: Json): Json =>
    ctx.dialect.toolCallsWithoutIndex ? fragment : { index, ...fragment };
  const fragments = [
    withIndex({
      id: call.id ?? ctx.nextToolCallId(),
      type: "function",
      function: { name: call.name, arguments: "" },
    }),
    ...splitIntoPieces(sent, 3).map((piece) => withIndex({ function: { arguments: piece } })),
  ];
  return { fragments, chars: sent.length };
}

/** The chunk payloads of a turn's normal (successful) response; `[DONE]` is not included. */
export function turnChunks(turn: FakeChatTurn, ctx: ChatTurnContext): Json[] {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: Json[], extra: Json = {}): Json => ({
    id: ctx.completionId,
    object: "chat.completion.chunk",
    created,
    model: ctx.model,
    system_fingerprint: "fp_fake",
    choices,
    ...extra,
  });
  // With include_usage, the real API sends `usage: null` on every chunk but the last.
  const deltaChunk = (delta: Json, finishReason: string | null = null): Json =>
    chunk(
      [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ctx.includeUsage ? { usage: null } : {},
    );

  const toolCalls = turn.content.filter((c): c is ToolCallContent => c.type === "tool_call");
  const truncateAt = turn.truncateLastToolCall && toolCalls.length > 0 ? toolCalls.length - 1 : -1;
  const reasoningField = ctx.dialect.reasoningField ?? "reasoning_content";

  const out: Json[] = [deltaChunk({ role: "assistant", content: "", refusal: null })];
  let outputChars = 0;
  for (const item of turn.content) {
    if (item.type === "tool_call") continue;
    const field = item.type === "text" ? "content" : item.type === "refusal" ? "refusal" : reasoningField;
    for (const piece of splitIntoPieces(item.text, 3)) out.push(deltaChunk({ [field]: piece }));
    outputChars += item.text.length;
  }
  const perCall = toolCalls.map((call, i) => {
    const built = toolCallFragments(call, i, ctx, i === truncateAt);
    outputChars += built.chars;
    return built.fragments;
  });
  const fragments = turn.interleave ? roundRobin(perCall) : perCall.flat();
  for (const fragment of fragments) out.push(deltaChunk({ tool_calls: [fragment] }));

  const finishReason =
    truncateAt >= 0
      ? "length"
      : (turn.finishReason ??
        (toolCalls.length > 0 && !ctx.dialect.stopWithToolCalls ? "tool_calls" : "stop"));
  out.push(deltaChunk({}, finishReason));

  if (ctx.includeUsage && !ctx.dialect.noUsage) {
    const prompt = turn.usage?.prompt_tokens ?? Math.ceil(ctx.requestBytes / 4);
    const completion = turn.usage?.completion_tokens ?? Math.ceil(outputChars / 4) + 1;
    out.push(
      chunk([], {
        usage: {
          prompt_tokens: prompt,
          completion_tokens: completion,
          total_tokens: prompt + completion,
          prompt_tokens_details: { cached_tokens: turn.usage?.cached_tokens ?? 0, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: turn.usage?.reasoning_tokens ?? 0, audio_tokens: 0 },
        },
      }),
    );
  }
  return out;
}
