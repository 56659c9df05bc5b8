export type {
  AssistantContent,
  AssistantMessage,
  ContentBlock,
  ImageBlock,
  Message,
  RedactedThinkingBlock,
  StopReason,
  TextBlock,
  ThinkingBlock,
  ToolResultBlock,
  ToolUseBlock,
  Usage,
  UserContent,
  UserMessage,
} from "./content.js";
export { STOP_REASONS } from "./content.js";
export type { ProviderErrorInfo, ProviderErrorKind } from "./errors.js";
export type {
  AgentEvent,
  AgentEventBody,
  AgentEventType,
  CompactionStrategy,
  CompactionTrigger,
  PermissionMode,
  ResultSubtype,
  RetryNotice,
  TodoItem,
} from "./events.js";
export { AGENT_EVENTS_VERSION } from "./events.js";
export type { ModelResponse, ProviderBlockStart, ProviderEvent } from "./provider-events.js";
export type {
  CompactionRecord,
  FileReadRecord,
  MessageRecord,
  SessionHeaderRecord,
  SessionRecord,
  SubagentRecord,
  TitleRecord,
  TodoRecord,
} from "./session-records.js";
export { SESSION_FORMAT_VERSION } from "./session-records.js";
export type { JsonSchema, ToolSpec } from "./tool-spec.js";
export { addUsage, emptyUsage, promptTokens, toolUses } from "./usage.js";
