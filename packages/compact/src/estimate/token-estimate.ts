import type { ContentBlock, Message, ToolSpec } from "@keel/protocol";

/**
 * Token estimates without a tokenizer. Deliberately simple and a little high: the budget only
 * needs to know when a request is getting close to the window, and the provider's reported
 * usage corrects the estimate after every response.
 */

/** Plain prose and code: about four characters per token. */
const CHARS_PER_TOKEN = 4;
/** JSON and other punctuation-dense text tokenizes worse: about three characters per token. */
const DENSE_CHARS_PER_TOKEN = 3;
/** Share of structural characters above which text counts as dense. */
const DENSE_RATIO = 0.1;
/** An image costs at most ~1,600 tokens on Anthropic (w×h/750, resized to ≤1.15 MP); round up. */
export const IMAGE_TOKENS = 2_000;
/** Framing around each block (type tags, ids) and each message (role, separators). */
const BLOCK_OVERHEAD = 3;
const MESSAGE_OVERHEAD = 4;

function isStructural(code: number): boolean {
  // { } [ ] " : , \
  return (
    code === 123 ||
    code === 125 ||
    code === 91 ||
    code === 93 ||
    code === 34 ||
    code === 58 ||
    code === 44 ||
    code === 92
  );
}

/** Estimated tokens of a string. */
export function estimateTextTokens(text: string): number {
  if (text.length === 0) return 0;
  let structural = 0;
  for (let i = 0; i < text.length; i++) if (isStructural(text.charCodeAt(i))) structural++;
  const perToken = structural / text.length >= DENSE_RATIO ? DENSE_CHARS_PER_TOKEN : CHARS_PER_TOKEN;
  return Math.ceil(text.length / perToken);
}

function estimateJsonTokens(value: unknown): number {
  return Math.ceil(JSON.stringify(value ?? null).length / DENSE_CHARS_PER_TOKEN);
}

/** Blocks, like messages, are never mutated once in a history: their estimates are cached by identity. */
const blockCache = new WeakMap<ContentBlock, number>();

/** Estimated tokens of one content block (cached per block object). */
export function estimateBlockTokens(block: ContentBlock): number {
  const cached = blockCache.get(block);
  if (cached !== undefined) return cached;
  const tokens = countBlockTokens(block);
  blockCache.set(block, tokens);
  return tokens;
}

function countBlockTokens(block: ContentBlock): number {
  switch (block.type) {
    case "text":
      return BLOCK_OVERHEAD + estimateTextTokens(block.text);
    case "thinking":
      return BLOCK_OVERHEAD + estimateTextTokens(block.thinking) + Math.ceil(block.signature.length / 4);
    case "redacted_thinking":
      return BLOCK_OVERHEAD + Math.ceil(block.data.length / CHARS_PER_TOKEN);
    case "image":
      return BLOCK_OVERHEAD + IMAGE_TOKENS;
    case "tool_use":
      return BLOCK_OVERHEAD + estimateTextTokens(block.name) + estimateJsonTokens(block.input);
    case "tool_result": {
      if (typeof block.content === "string") return BLOCK_OVERHEAD + estimateTextTokens(block.content);
      let sum = BLOCK_OVERHEAD;
      for (const part of block.content) sum += estimateBlockTokens(part);
      return sum;
    }
  }
}

/** Messages are never mutated once in a history, so their estimates are cached by identity. */
const messageCache = new WeakMap<Message, number>();

/** Estimated tokens of one message (cached per message object). */
export function estimateMessageTokens(message: Message): number {
  const cached = messageCache.get(message);
  if (cached !== undefined) return cached;
  let sum = MESSAGE_OVERHEAD;
  for (const block of message.content) sum += estimateBlockTokens(block);
  messageCache.set(message, sum);
  return sum;
}

export function estimateMessagesTokens(messages: readonly Message[]): number {
  let sum = 0;
  for (const m of messages) sum += estimateMessageTokens(m);
  return sum;
}

/** The parts of a request that are sent every time besides the messages. */
export interface RequestFrame {
  system: string;
  context?: string;
  tools: readonly ToolSpec[];
}

/** Estimated tokens of the system prompt, context block and tool definitions. */
export function estimateFrameTokens(frame: RequestFrame): number {
  let sum =
    estimateTextTokens(frame.system) +
    (frame.context ? BLOCK_OVERHEAD + estimateTextTokens(frame.context) : 0);
  for (const tool of frame.tools) sum += BLOCK_OVERHEAD + estimateJsonTokens(tool);
  return sum;
}

/** Estimated prompt tokens of a whole request (without the output it may generate). */
export function estimateRequestTokens(request: RequestFrame & { messages: readonly Message[] }): number {
  return estimateFrameTokens(request) + estimateMessagesTokens(request.messages);
}
