import type { AssistantContent, ImageBlock, Message, TextBlock, ToolSpec, UserContent } from "@keel/protocol";
import type { ModelRequest } from "../model-provider.js";
import { isResponsesReasoningMarker } from "../openai-responses/reasoning-marker.js";
import { placeCacheBreakpoints } from "./cache-breakpoints.js";

/** `cache_control` marker; always the last key of the block it marks. */
export interface CacheControl {
  type: "ephemeral";
}

/** A content block in Anthropic's snake_case wire shape. */
export type WireBlock = { type: string; cache_control?: CacheControl } & Record<string, unknown>;

export interface WireMessage {
  role: "user" | "assistant";
  content: WireBlock[];
}

export interface WireTool {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
  cache_control?: CacheControl;
}

/**
 * The Messages API body. Key order is part of the contract: `messages` comes LAST so that every
 * byte before it (model, limits, system, tools, thinking) is stable across a session's requests
 * and request N+1 repeats request N's prefix.
 */
export interface WireRequestBody {
  model: string;
  max_tokens: number;
  stream: true;
  system?: WireBlock[];
  tools?: WireTool[];
  thinking?: { type: "enabled"; budget_tokens: number };
  temperature?: number;
  messages: WireMessage[];
}

function textBlock(block: TextBlock): WireBlock {
  return { type: "text", text: block.text };
}

function imageBlock(block: ImageBlock): WireBlock {
  return { type: "image", source: { type: "base64", media_type: block.mediaType, data: block.data } };
}

/** Empty text blocks are dropped: the API rejects them (400) and they carry nothing. */
function nonEmpty<T extends { type: string }>(blocks: readonly T[]): T[] {
  return blocks.filter((b) => b.type !== "text" || (b as unknown as TextBlock).text !== "");
}

function userBlock(block: UserContent): WireBlock {
  switch (block.type) {
    case "text":
      return textBlock(block);
    case "image":
      return imageBlock(block);
    case "tool_result": {
      const content =
        typeof block.content === "string"
          ? block.content
          : nonEmpty(block.content).map((b) => (b.type === "text" ? textBlock(b) : imageBlock(b)));
      const wire: WireBlock = { type: "tool_result", tool_use_id: block.toolUseId, content };
      if (block.isError !== undefined) wire.is_error = block.isError;
      return wire;
    }
  }
}

function assistantBlock(block: AssistantContent): WireBlock {
  switch (block.type) {
    case "text":
      return textBlock(block);
    // Thinking and redacted thinking go back byte for byte: the signature verifies them.
    case "thinking":
      return { type: "thinking", thinking: block.thinking, signature: block.signature };
    case "redacted_thinking":
      return { type: "redacted_thinking", data: block.data };
    case "tool_use":
      return { type: "tool_use", id: block.id, name: block.name, input: block.input };
  }
}

/**
 * Reasoning another provider produced (unsigned, or an OpenAI Responses reasoning item) cannot
 * be verified by Anthropic and is rejected: a session that switched providers drops it.
 */
function isAnthropicBlock(block: AssistantContent): boolean {
  if (block.type === "thinking")
    return block.signature !== "" && !isResponsesReasoningMarker(block.signature);
  if (block.type === "redacted_thinking") return !isResponsesReasoningMarker(block.data);
  return true;
}

/** A Keel message in the Messages API shape (also Claude Code's stream-json message shape). */
export function toAnthropicMessage(message: Message): WireMessage {
  if (message.role === "user") {
    return { role: "user", content: nonEmpty(message.content).map(userBlock) };
  }
  const content = nonEmpty(message.content.filter(isAnthropicBlock)).map(assistantBlock);
  // Only foreign reasoning was there: keep the turn (roles must alternate) with a neutral text.
  return {
    role: "assistant",
    content: content.length > 0 ? content : [{ type: "text", text: "(reasoning only)" }],
  };
}

function wireTool(tool: ToolSpec): WireTool {
  return { name: tool.name, description: tool.description, input_schema: tool.inputSchema };
}

/**
 * Maps a Keel request to the Messages API body, including prompt-cache breakpoints.
 * `context` becomes a text block at the start of the first user message, after the cached
 * tools + system prefix, so changing it never invalidates that prefix.
 */
export function toWireRequestBody(request: ModelRequest): WireRequestBody {
  const system: WireBlock[] = request.system === "" ? [] : [{ type: "text", text: request.system }];
  const tools = request.tools.map(wireTool);
  const messages = request.messages.map(toAnthropicMessage);

  if (request.context) {
    const firstUser = messages.find((m) => m.role === "user");
    firstUser?.content.unshift({ type: "text", text: request.context });
  }
  placeCacheBreakpoints({ system, tools, messages });

  // Assigned in order; `messages` must stay the last key (see WireRequestBody).
  const body: Partial<WireRequestBody> = {
    model: request.model,
    max_tokens: request.maxTokens,
    stream: true,
  };
  if (system.length > 0) body.system = system;
  if (tools.length > 0) body.tools = tools;
  if (request.thinking) body.thinking = { type: "enabled", budget_tokens: request.thinking.budgetTokens };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  body.messages = messages;
  return body as WireRequestBody;
}
