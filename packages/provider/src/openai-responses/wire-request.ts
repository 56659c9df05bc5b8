import type {
  AssistantContent,
  ImageBlock,
  Message,
  TextBlock,
  ToolResultBlock,
  ToolSpec,
  UserContent,
} from "@keel/protocol";
import type { ModelRequest } from "../model-provider.js";
import { decodeResponsesReasoning } from "./reasoning-marker.js";

export type ResponsesInputContent =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail: "auto" };

export type ResponsesInputItem =
  | { type: "message"; role: "user"; content: ResponsesInputContent[] }
  | { type: "message"; role: "assistant"; content: Array<{ type: "output_text"; text: string }> }
  | {
      type: "reasoning";
      id: string;
      summary: Array<{ type: "summary_text"; text: string }>;
      encrypted_content?: string;
    }
  | { type: "function_call"; call_id: string; name: string; arguments: string }
  | { type: "function_call_output"; call_id: string; output: string | ResponsesInputContent[] };

export interface ResponsesTool {
  type: "function";
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  strict: false;
}

export type ReasoningEffort = "low" | "medium" | "high";

/**
 * The `POST /responses` body. Key order keeps what is stable across a session's requests
 * (model, instructions, tools, limits) before `input`, which grows every turn.
 */
export interface ResponsesRequestBody {
  model: string;
  instructions?: string;
  tools?: ResponsesTool[];
  max_output_tokens: number;
  reasoning?: { effort: ReasoningEffort; summary: "auto" };
  temperature?: number;
  store: boolean;
  include?: string[];
  stream: true;
  input: ResponsesInputItem[];
}

export interface ResponsesRequestOptions {
  /** `store` sent to the API. With `false` nothing is kept server-side and reasoning travels encrypted. */
  store: boolean;
  /** Ask for `reasoning.encrypted_content` (only when not storing). Off for models that reject it. */
  includeEncryptedReasoning: boolean;
}

/** Keel's thinking budget mapped onto the Responses reasoning effort levels. */
export function reasoningEffortFor(budgetTokens: number): ReasoningEffort {
  if (budgetTokens < 4096) return "low";
  if (budgetTokens < 16_384) return "medium";
  return "high";
}

function imagePart(block: ImageBlock): ResponsesInputContent {
  return { type: "input_image", image_url: `data:${block.mediaType};base64,${block.data}`, detail: "auto" };
}

function userPart(block: TextBlock | ImageBlock): ResponsesInputContent | undefined {
  if (block.type === "image") return imagePart(block);
  return block.text === "" ? undefined : { type: "input_text", text: block.text };
}

/** Text-only results go as a plain string (what every compatible server accepts); images need parts. */
function toolOutput(block: ToolResultBlock): string | ResponsesInputContent[] {
  if (typeof block.content === "string") return block.content;
  if (block.content.every((b) => b.type === "text")) {
    return block.content.map((b) => (b.type === "text" ? b.text : "")).join("\n");
  }
  return block.content.map(userPart).filter((p): p is ResponsesInputContent => p !== undefined);
}

function userItems(content: readonly UserContent[]): ResponsesInputItem[] {
  const items: ResponsesInputItem[] = [];
  let parts: ResponsesInputContent[] = [];
  const flush = () => {
    if (parts.length > 0) items.push({ type: "message", role: "user", content: parts });
    parts = [];
  };
  for (const block of content) {
    if (block.type === "tool_result") {
      flush();
      items.push({ type: "function_call_output", call_id: block.toolUseId, output: toolOutput(block) });
    } else {
      const part = userPart(block);
      if (part) parts.push(part);
    }
  }
  flush();
  return items;
}

function reasoningItem(opaque: string, thinking: string, options: ResponsesRequestOptions) {
  const ref = decodeResponsesReasoning(opaque);
  // Another provider's thinking (an Anthropic signature) means nothing here: drop it.
  if (!ref) return undefined;
  // Without storage the id alone refers to nothing; the API answers 404 for it.
  if (!options.store && ref.encryptedContent === undefined) return undefined;
  const item: ResponsesInputItem = {
    type: "reasoning",
    id: ref.id,
    summary: thinking === "" ? [] : [{ type: "summary_text", text: thinking }],
  };
  if (ref.encryptedContent !== undefined) item.encrypted_content = ref.encryptedContent;
  return item;
}

function assistantItems(content: readonly AssistantContent[], options: ResponsesRequestOptions) {
  const items: ResponsesInputItem[] = [];
  let texts: Array<{ type: "output_text"; text: string }> = [];
  const flush = () => {
    if (texts.length > 0) items.push({ type: "message", role: "assistant", content: texts });
    texts = [];
  };
  for (const block of content) {
    switch (block.type) {
      case "text":
        if (block.text !== "") texts.push({ type: "output_text", text: block.text });
        break;
      case "thinking":
      case "redacted_thinking": {
        flush();
        const item =
          block.type === "thinking"
            ? reasoningItem(block.signature, block.thinking, options)
            : reasoningItem(block.data, "", options);
        if (item) items.push(item);
        break;
      }
      case "tool_use":
        flush();
        items.push({
          type: "function_call",
          call_id: block.id,
          name: block.name,
          arguments: JSON.stringify(block.input),
        });
        break;
    }
  }
  flush();
  // The API rejects a reasoning item without the output item that followed it (e.g. when the
  // answer after it was empty and not stored), so trailing reasoning is not sent.
  while (items.at(-1)?.type === "reasoning") items.pop();
  return items;
}

/** Keel messages as Responses `input` items, in order. */
export function toResponsesInput(
  messages: readonly Message[],
  options: ResponsesRequestOptions,
): ResponsesInputItem[] {
  return messages.flatMap((m) =>
    m.role === "user" ? userItems(m.content) : assistantItems(m.content, options),
  );
}

function wireTool(tool: ToolSpec): ResponsesTool {
  return {
    type: "function",
    name: tool.name,
    description: tool.description,
    parameters: tool.inputSchema,
    strict: false,
  };
}

/**
 * Maps a Keel request to the Responses API body. The system prompt becomes `instructions`;
 * `context` becomes the first text of the first user message (after the stable prefix).
 */
export function toResponsesRequestBody(
  request: ModelRequest,
  options: ResponsesRequestOptions,
): ResponsesRequestBody {
  const input = toResponsesInput(request.messages, options);
  if (request.context) {
    const text: ResponsesInputContent = { type: "input_text", text: request.context };
    const firstUser = input.find((item) => item.type === "message" && item.role === "user");
    if (firstUser?.type === "message" && firstUser.role === "user") firstUser.content.unshift(text);
    else input.unshift({ type: "message", role: "user", content: [text] });
  }

  // Assigned in order; `input` stays the last key (see ResponsesRequestBody).
  const body: Partial<ResponsesRequestBody> = { model: request.model };
  if (request.system !== "") body.instructions = request.system;
  if (request.tools.length > 0) body.tools = request.tools.map(wireTool);
  body.max_output_tokens = request.maxTokens;
  if (request.thinking) {
    body.reasoning = { effort: reasoningEffortFor(request.thinking.budgetTokens), summary: "auto" };
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  body.store = options.store;
  if (!options.store && options.includeEncryptedReasoning) body.include = ["reasoning.encrypted_content"];
  body.stream = true;
  body.input = input;
  return body as ResponsesRequestBody;
}
