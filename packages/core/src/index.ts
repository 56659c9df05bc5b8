export { Agent, CONTINUE_PROMPT, type ResultEvent } from "./agent.js";
export type { AgentInterceptors, AgentOptions, CompactionOptions } from "./agent-options.js";
export type { CompactOutcome } from "./compaction-controller.js";
export { CoreError, type CoreErrorKind } from "./core-error.js";
export { cwdSlug, JsonlSessionStore, parseSessionText } from "./jsonl-session-store.js";
export type { ReadStats } from "./session-line-reader.js";
export { findUnansweredToolUses, INTERRUPTED_RESULT, normalizeHistory } from "./session-repair.js";
export type {
  EarlierHistory,
  ForkOptions,
  LoadedSession,
  SessionLog,
  SessionStore,
  SessionSummary,
} from "./session-store.js";
export { titleFromPrompt } from "./session-title.js";
