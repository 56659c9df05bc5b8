export {
  BOUNDARY_PROMPT_CHARS,
  boundaryMessages,
  isBoundaryMessage,
  parseBoundaryMessage,
} from "./boundary/boundary-message.js";
export {
  canStartKeptRange,
  findPairViolations,
  type PairViolation,
  selectKeptStart,
} from "./boundary/pair-safety.js";
export {
  type BudgetLevel,
  type BudgetThresholds,
  TokenBudget,
  type TokenBudgetOptions,
  tokensSinceUsage,
} from "./budget/token-budget.js";
export { CompactError, type CompactErrorKind } from "./compact-error.js";
export { type CompactHistoryOptions, type CompactHistoryResult, compactHistory } from "./compact-history.js";
export {
  estimateBlockTokens,
  estimateFrameTokens,
  estimateMessagesTokens,
  estimateMessageTokens,
  estimateRequestTokens,
  estimateTextTokens,
  IMAGE_TOKENS,
  type RequestFrame,
} from "./estimate/token-estimate.js";
export {
  clearedResultNote,
  type MicroCompactedView,
  type MicroCompactionOptions,
  microCompact,
} from "./micro/micro-compaction.js";
export { toolCallLabel } from "./micro/tool-call-label.js";
export { collectUserPrompts, cutPrompt, MAX_PROMPT_CHARS, userPromptText } from "./prompts/user-prompts.js";
export {
  extractSummary,
  type SummarizerOptions,
  summarizeChunk,
  summarizeChunks,
} from "./summary/summarize-with-model.js";
export { SUMMARY_INSTRUCTIONS, SUMMARY_SYSTEM_PROMPT } from "./summary/summary-prompt.js";
export { chunkEntries, transcriptEntries } from "./summary/transcript.js";
