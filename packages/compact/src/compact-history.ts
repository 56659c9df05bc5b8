import { randomUUID } from "node:crypto";
import type { CompactionRecord, CompactionTrigger, Message } from "@keel/protocol";
import { boundaryMessages, isBoundaryMessage, parseBoundaryMessage } from "./boundary/boundary-message.js";
import { selectKeptStart } from "./boundary/pair-safety.js";
import { CompactError } from "./compact-error.js";
import { estimateMessagesTokens } from "./estimate/token-estimate.js";
import { collectUserPrompts } from "./prompts/user-prompts.js";
import { type SummarizerOptions, summarizeChunks } from "./summary/summarize-with-model.js";
import { chunkEntries, transcriptEntries } from "./summary/transcript.js";

export interface CompactHistoryOptions {
  /** The history as it is now; it may start with the boundary message of an earlier compaction. */
  messages: readonly Message[];
  /**
   * The stored uuid of each message; undefined for messages not stored as they are (a boundary
   * message, a repair made in memory). The kept range starts at a message with a uuid, so a
   * resumed session can find it.
   */
  uuids: readonly (string | undefined)[];
  /** True for messages Keel wrote itself (continue prompts, notices): they are not user prompts. */
  synthetic?: readonly boolean[];
  /** The boundary record the history starts from: its summary and prompts are merged, not nested. */
  previous?: Pick<CompactionRecord, "summary" | "userPrompts">;
  trigger: CompactionTrigger;
  /** Estimated tokens of recent messages to keep verbatim. */
  keepTokens: number;
  /** How to summarize; absent = truncate without a summary. */
  summarizer?: SummarizerOptions & {
    /** Estimated transcript tokens per summary request; longer histories are summarized in chunks. */
    inputTokens: number;
  };
  /** Tokens sent with every request besides messages (system, context, tools), for pre/post counts. */
  frameTokens?: number;
  /** The caller's count of the request before compaction. Default: estimated from `messages`. */
  preTokens?: number;
  /** Tokens the caller will add right after the boundary (re-injected context), counted in `postTokens`. */
  extraTokens?: number;
  /** Budget for the user prompts rendered into the boundary message. */
  maxPromptChars?: number;
}

export interface CompactHistoryResult {
  /** The boundary record to append to the session (before announcing it). */
  record: CompactionRecord;
  /** The new history: the boundary message, then the kept messages. */
  messages: Message[];
  /** Index in the input of the first kept message (the input's length when none is kept). */
  keptFrom: number;
  /** Why the summary failed, when the strategy is `truncation`. */
  summaryError?: string;
}

/**
 * Summary compaction (strategy 2, falling back to 3): replaces everything before a pair-safe
 * boundary with one summary, carrying every user prompt verbatim in the record. The caller
 * decides when to call it and persists the record. Throws `CompactError` `nothing_to_compact`
 * or `aborted`; a failing summary request becomes a truncation, never an exception.
 */
export async function compactHistory(options: CompactHistoryOptions): Promise<CompactHistoryResult> {
  const { messages, uuids } = options;
  const startsWithBoundary = messages[0] !== undefined && isBoundaryMessage(messages[0]);
  const first = startsWithBoundary ? 1 : 0;
  if (messages.length <= first)
    throw new CompactError("nothing_to_compact", "Nothing to compact: the conversation has no messages yet.");

  let keptFrom = selectKeptStart(messages, {
    keepTokens: options.keepTokens,
    canStart: (i) => uuids[i] !== undefined,
    minStart: first,
  });
  // Nothing older than the kept range: summarize everything instead of keeping it.
  if (keptFrom <= first) keptFrom = messages.length;

  const summarized = messages.slice(first, keptFrom);
  const previous = options.previous ?? (startsWithBoundary ? parseBoundaryMessage(messages[0]!) : undefined);
  const userPrompts = [
    ...(previous?.userPrompts ?? []),
    ...collectUserPrompts(summarized, { skip: (i) => options.synthetic?.[first + i] === true }),
  ];
  const previousSummary = previous?.summary;

  let strategy: CompactionRecord["strategy"] = "summary";
  let summary: string;
  let summaryError: string | undefined;
  try {
    if (!options.summarizer) throw new CompactError("summary_failed", "no summarizer is configured");
    const chunks = chunkEntries(transcriptEntries(summarized), Math.max(500, options.summarizer.inputTokens));
    summary =
      chunks.length > 0 || !previousSummary
        ? await summarizeChunks(options.summarizer, chunks, previousSummary)
        : previousSummary;
  } catch (err) {
    if (!(err instanceof CompactError) || err.kind !== "summary_failed") throw err;
    strategy = "truncation";
    summaryError = err.message;
    const note = `(${summarized.length} earlier messages were removed without a summary because the summary could not be made: ${err.message}. The user's messages are listed below; the full history is in the session file.)`;
    summary = previousSummary ? `${previousSummary}\n\n${note}` : note;
  }

  const frame = options.frameTokens ?? 0;
  const record: CompactionRecord = {
    type: "compaction",
    uuid: randomUUID(),
    timestamp: new Date().toISOString(),
    trigger: options.trigger,
    strategy,
    summary,
    userPrompts,
    firstKeptUuid: keptFrom < messages.length ? (uuids[keptFrom] ?? null) : null,
    preTokens: options.preTokens ?? frame + estimateMessagesTokens(messages),
    postTokens: 0,
  };
  const next = [
    ...boundaryMessages(record, options.maxPromptChars ? { maxPromptChars: options.maxPromptChars } : {}),
    ...messages.slice(keptFrom),
  ];
  record.postTokens = frame + estimateMessagesTokens(next) + (options.extraTokens ?? 0);
  return { record, messages: next, keptFrom, ...(summaryError ? { summaryError } : {}) };
}
