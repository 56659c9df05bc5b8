/**
 * Content blocks and messages: the state of a session.
 *
 * Keel's own shapes are provider-neutral camelCase; each provider adapter maps them to its wire
 * format, and print mode maps them to Claude Code's stream-json shapes.
 */

export interface TextBlock {
  type: "text";
  text: string;
}

/** Extended thinking. `signature` must be sent back to the provider byte for byte. */
export interface ThinkingBlock {
  type: "thinking";
  thinking: string;
  signature: string;
}

/** Thinking the provider encrypted; `data` is opaque and sent back unchanged. */
export interface RedactedThinkingBlock {
  type: "redacted_thinking";
  data: string;
}

export interface ImageBlock {
  type: "image";
  /** e.g. `image/png` */
  mediaType: string;
  /** base64 without a data: prefix */
  data: string;
}

export interface ToolUseBlock {
  type: "tool_use";
  /** Provider-assigned call id; a tool_result answers it by this id. */
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface ToolResultBlock {
  type: "tool_result";
  toolUseId: string;
  content: string | Array<TextBlock | ImageBlock>;
  isError?: boolean;
}

export type AssistantContent = TextBlock | ThinkingBlock | RedactedThinkingBlock | ToolUseBlock;
export type UserContent = TextBlock | ImageBlock | ToolResultBlock;
export type ContentBlock = AssistantContent | UserContent;

/**
 * Why a provider stopped generating. Provider-specific values are mapped onto these; an unknown
 * value becomes `end_turn`.
 */
export type StopReason =
  | "end_turn"
  | "tool_use"
  | "max_tokens"
  | "stop_sequence"
  | "pause_turn"
  | "refusal"
  | "model_context_window_exceeded";

export const STOP_REASONS: readonly StopReason[] = [
  "end_turn",
  "tool_use",
  "max_tokens",
  "stop_sequence",
  "pause_turn",
  "refusal",
  "model_context_window_exceeded",
];

/** Token counts for one model response (or a sum over several). */
export interface Usage {
  /** Uncached input after the last cache breakpoint. */
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

export interface UserMessage {
  role: "user";
  content: UserContent[];
}

export interface AssistantMessage {
  role: "assistant";
  content: AssistantContent[];
  /** Provider message id, when the provider gives one. */
  id?: string;
  model?: string;
  stopReason?: StopReason;
  usage?: Usage;
}

export type Message = UserMessage | AssistantMessage;
