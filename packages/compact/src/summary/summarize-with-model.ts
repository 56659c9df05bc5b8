import type { TextBlock, Usage } from "@keel/protocol";
import {
  type ModelProvider,
  ProviderError,
  type RetryInfo,
  type StreamWithRetryOptions,
  streamWithRetry,
} from "@keel/provider";
import { CompactError } from "../compact-error.js";
import { SUMMARY_INSTRUCTIONS, SUMMARY_SYSTEM_PROMPT } from "./summary-prompt.js";

export interface SummarizerOptions {
  provider: ModelProvider;
  model: string;
  /** Output cap of each summary request. */
  maxTokens: number;
  /** Extra instructions (from `/compact <instructions>` or a PreCompact hook). */
  instructions?: string;
  signal?: AbortSignal;
  /** The retry policy of @keel/provider for the summary request. Default: 2 retries. */
  retry?: Omit<StreamWithRetryOptions, "signal" | "onRetry">;
  /** Reported before each retry wait (core turns it into a `retry` event). Must not throw. */
  onRetry?: (info: RetryInfo) => void;
  /** Usage of each summary response, for cost accounting. Must not throw. */
  onUsage?: (usage: Usage) => void;
}

/** The summary inside `<summary>…</summary>` (or the whole reply), without any analysis preamble. */
export function extractSummary(reply: string): string {
  const inner = /<summary>([\s\S]*?)(?:<\/summary>|$)/.exec(reply);
  const text = inner ? inner[1]! : reply.replace(/<analysis>[\s\S]*?<\/analysis>/g, "");
  return text.trim();
}

/**
 * One summary request: the previous summary (if any) and one transcript chunk in, one merged
 * summary out. Throws `CompactError` (`summary_failed` or `aborted`).
 */
export async function summarizeChunk(
  options: SummarizerOptions,
  chunk: string,
  previousSummary: string | undefined,
): Promise<string> {
  const parts: string[] = [];
  if (previousSummary) parts.push(`<earlier-summary>\n${previousSummary}\n</earlier-summary>`);
  parts.push(`<conversation>\n${chunk}\n</conversation>`, SUMMARY_INSTRUCTIONS);
  if (options.instructions?.trim())
    parts.push(`Additional instructions for this summary:\n${options.instructions.trim()}`);
  const signal = options.signal ?? new AbortController().signal;
  try {
    const events = streamWithRetry(
      options.provider,
      {
        model: options.model,
        system: SUMMARY_SYSTEM_PROMPT,
        messages: [{ role: "user", content: [{ type: "text", text: parts.join("\n\n") }] }],
        tools: [],
        maxTokens: options.maxTokens,
      },
      {
        maxRetries: 2,
        ...options.retry,
        signal,
        ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      },
    );
    for await (const event of events) {
      if (event.type !== "message_end") continue;
      options.onUsage?.(event.response.usage);
      const reply = event.response.message.content
        .filter((b): b is TextBlock => b.type === "text")
        .map((b) => b.text)
        .join("");
      const summary = extractSummary(reply);
      if (summary.length === 0)
        throw new CompactError("summary_failed", "The summary request returned no summary.");
      return summary;
    }
    throw new CompactError("summary_failed", "The summary stream ended without a complete message.");
  } catch (err) {
    if (err instanceof CompactError) throw err;
    if (signal.aborted || (err instanceof ProviderError && err.kind === "aborted"))
      throw new CompactError("aborted", "Compaction was interrupted.", { cause: err });
    const reason = err instanceof Error ? err.message : String(err);
    throw new CompactError("summary_failed", `The summary request failed: ${reason}`, { cause: err });
  }
}

/**
 * Summarizes transcript chunks in order, folding each summary into the next request, so a
 * history larger than the summarizer's window still ends in one summary of everything.
 */
export async function summarizeChunks(
  options: SummarizerOptions,
  chunks: readonly string[],
  previousSummary: string | undefined,
): Promise<string> {
  let summary = previousSummary;
  for (const chunk of chunks) summary = await summarizeChunk(options, chunk, summary);
  if (summary === undefined) throw new CompactError("nothing_to_compact", "There is nothing to summarize.");
  return summary;
}
