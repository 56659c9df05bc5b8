import type {
  AssistantMessage,
  ImageBlock,
  TextBlock,
  ToolResultBlock,
  ToolSpec,
  UserMessage,
} from "@keel/protocol";
import type { ModelRequest } from "../model-provider.js";
import type { ResolvedChatQuirks } from "./chat-quirks.js";
import { toChatToolCallId } from "./tool-call-ids.js";

export type ChatContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } };

export interface ChatWireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type ChatWireMessage =
  | { role: "system" | "developer"; content: string }
  | { role: "user"; content: string | ChatContentPart[] }
  | {
      role: "assistant";
      content: string | null;
      tool_calls?: ChatWireToolCall[];
      reasoning_content?: string;
      reasoning?: string;
    }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ChatWireTool {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/**
 * The Chat Completions body. `messages` comes last, like the Anthropic body, so that every
 * byte before it is stable across a session's requests.
 */
export interface ChatRequestBody {
  model: string;
  stream: true;
  stream_options?: { include_usage: true };
  max_completion_tokens?: number;
  max_tokens?: number;
  temperature?: number;
  tools?: ChatWireTool[];
  messages: ChatWireMessage[];
}

function imagePart(block: ImageBlock): ChatContentPart {
  return { type: "image_url", image_url: { url: `data:${block.mediaType};base64,${block.data}` } };
}

/** A single text part travels as a plain string: every compatible server accepts that form. */
function userContent(parts: ChatContentPart[]): string | ChatContentPart[] {
  const [only] = parts;
  return parts.length === 1 && only?.type === "text" ? only.text : parts;
}

/**
 * A tool message carries text only. Images of the result follow in a user message (the API
 * accepts no images in `tool` messages); the text says so, so the model looks for them.
 */
function toolMessage(block: ToolResultBlock): { message: ChatWireMessage; images: ImageBlock[] } {
  const blocks: Array<TextBlock | ImageBlock> =
    typeof block.content === "string" ? [{ type: "text", text: block.content }] : block.content;
  const images = blocks.filter((b): b is ImageBlock => b.type === "image");
  let text = blocks
    .filter((b): b is TextBlock => b.type === "text" && b.text !== "")
    .map((b) => b.text)
    .join("\n");
  if (images.length > 0) {
    const count =
      images.length === 1
        ? "1 image of this result follows"
        : `${images.length} images of this result follow`;
    const note = `(${count} in the next user message)`;
    text = text === "" ? note : `${text}\n${note}`;
  }
  // The Chat API has no error flag on tool results: say it in the content.
  if (block.isError) text = `Error: ${text}`;
  return {
    message: { role: "tool", tool_call_id: toChatToolCallId(block.toolUseId), content: text },
    images,
  };
}

/**
 * A Keel user message: its tool results become `tool` messages (they must directly follow the
 * assistant's `tool_calls`), then one user message with the results' images and the message's
 * own text and images (steering, notices).
 */
function userMessages(message: UserMessage): ChatWireMessage[] {
  const out: ChatWireMessage[] = [];
  const parts: ChatContentPart[] = [];
  for (const block of message.content) {
    if (block.type !== "tool_result") continue;
    const { message: tool, images } = toolMessage(block);
    out.push(tool);
    if (images.length > 0) {
      parts.push({ type: "text", text: `Images from tool call ${toChatToolCallId(block.toolUseId)}:` });
      parts.push(...images.map(imagePart));
    }
  }
  for (const block of message.content) {
    if (block.type === "text" && block.text !== "") parts.push({ type: "text", text: block.text });
    if (block.type === "image") parts.push(imagePart(block));
  }
  if (parts.length > 0) out.push({ role: "user", content: userContent(parts) });
  return out;
}

/**
 * A Keel assistant message. Text blocks are joined into `content`; thinking is dropped (its
 * signature only means something to the provider that made it) unless the server accepts
 * reasoning back in `quirks.reasoningField`; redacted thinking is always dropped.
 */
function assistantMessage(message: AssistantMessage, quirks: ResolvedChatQuirks): ChatWireMessage {
  const text = message.content
    .filter((b): b is TextBlock => b.type === "text")
    .map((b) => b.text)
    .join("");
  const toolCalls: ChatWireToolCall[] = [];
  const reasoning: string[] = [];
  for (const block of message.content) {
    if (block.type === "tool_use") {
      toolCalls.push({
        id: toChatToolCallId(block.id),
        type: "function",
        function: { name: block.name, arguments: JSON.stringify(block.input) },
      });
    }
    if (block.type === "thinking" && block.thinking !== "") reasoning.push(block.thinking);
  }
  // Content may be null only beside tool calls; an otherwise empty message sends "".
  const wire: Extract<ChatWireMessage, { role: "assistant" }> = {
    role: "assistant",
    content: text === "" && toolCalls.length > 0 ? null : text,
  };
  if (toolCalls.length > 0) wire.tool_calls = toolCalls;
  if (quirks.reasoningField && reasoning.length > 0) wire[quirks.reasoningField] = reasoning.join("\n\n");
  return wire;
}

function wireTool(tool: ToolSpec): ChatWireTool {
  return {
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  };
}

/**
 * Maps a Keel request to the Chat Completions body. The system prompt is a `system` (or
 * `developer`) message; `context` is a user message of its own right after it, so the stable
 * system + tools prefix stays byte-identical when it changes.
 */
export function toChatRequestBody(request: ModelRequest, quirks: ResolvedChatQuirks): ChatRequestBody {
  const messages: ChatWireMessage[] = [];
  if (request.system !== "") {
    messages.push({ role: quirks.developerRole ? "developer" : "system", content: request.system });
  }
  if (request.context) messages.push({ role: "user", content: request.context });
  for (const message of request.messages) {
    if (message.role === "user") messages.push(...userMessages(message));
    else messages.push(assistantMessage(message, quirks));
  }

  // Assigned in order; `messages` must stay the last key (see ChatRequestBody).
  const body: Partial<ChatRequestBody> = { model: request.model, stream: true };
  if (!quirks.noUsage) body.stream_options = { include_usage: true };
  body[quirks.maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.tools.length > 0) body.tools = request.tools.map(wireTool);
  body.messages = messages;
  return body as ChatRequestBody;
}
