export { validateChatCompletionsRequest } from "./request-validation.js";
export { startFakeOpenAIChat } from "./server.js";
export type {
  FakeChatContent,
  FakeChatDialect,
  FakeChatFault,
  FakeChatScript,
  FakeChatTurn,
  FakeChatUsage,
  FakeOpenAIChatOptions,
  FakeOpenAIChatServer,
  RecordedChatRequest,
} from "./types.js";
