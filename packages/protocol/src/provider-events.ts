import type { AssistantMessage, StopReason, Usage } from "./content.js";

/**
 * What `ModelProvider.stream` yields. Blocks are addressed by `index` (their position in the
 * final message content), never by "the last block". The stream ends with exactly one
 * `message_end` carrying the complete message; anything else is an error thrown by the stream.
 */
export type ProviderEvent =
  | { type: "message_start"; id?: string; model?: string }
  | { type: "block_start"; index: number; block: ProviderBlockStart }
  | { type: "text_delta"; index: number; text: string }
  | { type: "thinking_delta"; index: number; thinking: string }
  | { type: "tool_input_delta"; index: number; partialJson: string }
  | { type: "block_end"; index: number }
  | { type: "usage"; usage: Usage }
  | { type: "message_end"; response: ModelResponse };

export type ProviderBlockStart =
  | { type: "text" }
  | { type: "thinking" }
  | { type: "redacted_thinking" }
  | { type: "tool_use"; id: string; name: string };

/** The complete result of one model request. */
export interface ModelResponse {
  /**
   * The assistant message to store. Incomplete tool calls (cut off by `max_tokens`, or with
   * input that is not valid JSON) are NOT in `message.content`; they are listed in
   * `incompleteToolUses` so the loop can tell the model without executing anything.
   */
  message: AssistantMessage;
  stopReason: StopReason;
  usage: Usage;
  incompleteToolUses: Array<{ id: string; name: string; reason: string }>;
}
