import type { Message, ToolResultBlock, ToolUseBlock, UserContent } from "@keel/protocol";
import { estimateBlockTokens, estimateMessageTokens } from "../estimate/token-estimate.js";
import { toolCallLabel } from "./tool-call-label.js";

export interface MicroCompactionOptions {
  /** The most recent tool results always sent in full. Default 3. */
  keepRecent?: number;
  /**
   * Old results are cleared this many at a time, so what is sent changes only once per batch
   * and the prompt cache is not invalidated on every turn. Default 4.
   */
  batch?: number;
  /** Results smaller than this many estimated tokens are not worth clearing. Default 200. */
  minTokens?: number;
}

export interface MicroCompactedView {
  /** The messages to send: cleared results replaced, every other message the same object. */
  messages: Message[];
  /** How many tool results are cleared in this view. */
  cleared: number;
  /** Estimated tokens the view saves over the original messages. */
  savedTokens: number;
}

/** The note that replaces a cleared result: what it was and how to get it again. */
export function clearedResultNote(call: Pick<ToolUseBlock, "name" | "input"> | undefined): string {
  if (!call) return "[Old tool output cleared to save context; repeat the call if you need it again]";
  return `[Old output of ${toolCallLabel(call)} cleared to save context; call ${call.name} again if needed]`;
}

/**
 * Micro-compaction: a pure view over a history that replaces the content of old tool results
 * (all but the `keepRecent` most recent) with a one-line note. Deterministic in the messages,
 * and monotone as the history grows: a result once cleared stays cleared, and new ones are
 * cleared only a whole batch at a time. Writes nothing; the stored history keeps every result.
 */
export function microCompact(
  messages: readonly Message[],
  options: MicroCompactionOptions = {},
): MicroCompactedView {
  const keepRecent = Math.max(0, options.keepRecent ?? 3);
  const batch = Math.max(1, options.batch ?? 4);
  const minTokens = options.minTokens ?? 200;

  const calls = new Map<string, ToolUseBlock>();
  const results: Array<{ message: number; block: number; tokens: number }> = [];
  for (const [mi, m] of messages.entries()) {
    for (const [bi, b] of m.content.entries()) {
      if (b.type === "tool_use") calls.set(b.id, b);
      else if (b.type === "tool_result")
        results.push({ message: mi, block: bi, tokens: estimateBlockTokens(b) });
    }
  }
  const old = results.slice(0, Math.max(0, results.length - keepRecent)).filter((r) => r.tokens >= minTokens);
  const clearCount = Math.floor(old.length / batch) * batch;
  if (clearCount === 0) return { messages: [...messages], cleared: 0, savedTokens: 0 };

  const byMessage = new Map<number, Set<number>>();
  for (const r of old.slice(0, clearCount)) {
    const set = byMessage.get(r.message) ?? new Set<number>();
    set.add(r.block);
    byMessage.set(r.message, set);
  }
  let savedTokens = 0;
  const out = messages.map((m, mi) => {
    const blocks = byMessage.get(mi);
    if (!blocks || m.role !== "user") return m;
    const content: UserContent[] = m.content.map((b, bi) => {
      if (!blocks.has(bi) || b.type !== "tool_result") return b;
      const cleared: ToolResultBlock = {
        type: "tool_result",
        toolUseId: b.toolUseId,
        content: clearedResultNote(calls.get(b.toolUseId)),
      };
      if (b.isError !== undefined) cleared.isError = b.isError;
      return cleared;
    });
    const replaced: Message = { role: "user", content };
    savedTokens += estimateMessageTokens(m) - estimateMessageTokens(replaced);
    return replaced;
  });
  return { messages: out, cleared: clearCount, savedTokens };
}
