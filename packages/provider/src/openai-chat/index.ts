export {
  type ChatQuirks,
  defaultChatQuirks,
  isOpenAIBaseUrl,
  OPENAI_BASE_URL,
  type ResolvedChatQuirks,
  resolveChatQuirks,
} from "./chat-quirks.js";
export { type ChatErrorFacts, classifyChatError } from "./error-classification.js";
export { OpenAIChatProvider, type OpenAIChatProviderOptions } from "./openai-chat-provider.js";
export { ChatStreamAssembler } from "./stream-assembler.js";
export { generateToolCallId, toChatToolCallId } from "./tool-call-ids.js";
export {
  type ChatContentPart,
  type ChatRequestBody,
  type ChatWireMessage,
  type ChatWireTool,
  type ChatWireToolCall,
  toChatRequestBody,
} from "./wire-request.js";
