export { Agent, CONTINUE_PROMPT, type ResultEvent } from "./agent.js";
export type { AgentInterceptors, AgentOptions } from "./agent-options.js";
export { CoreError, type CoreErrorKind } from "./core-error.js";
export { cwdSlug, JsonlSessionStore, parseSessionText } from "./jsonl-session-store.js";
export { findUnansweredToolUses, INTERRUPTED_RESULT, normalizeHistory } from "./session-repair.js";
export type { LoadedSession, SessionLog, SessionStore } from "./session-store.js";
