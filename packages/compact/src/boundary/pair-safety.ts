import type { Message } from "@keel/protocol";
import { estimateMessageTokens } from "../estimate/token-estimate.js";

/** True when a kept range may start at this message: it does not answer an earlier tool call. */
export function canStartKeptRange(message: Message): boolean {
  return message.role === "assistant" || !message.content.some((b) => b.type === "tool_result");
}

/**
 * Where the verbatim-kept tail of a history starts, for a summary compaction: the earliest
 * message such that the tail from it fits in `keepTokens`, that does not start with a
 * `tool_result` (so no tool_use is separated from its result), and that `canStart` accepts
 * (e.g. it has a stored uuid). When even the shortest such tail is over budget, the shortest is
 * kept (the latest turn is what the model is working on). Returns `messages.length` when
 * nothing can be kept.
 */
export function selectKeptStart(
  messages: readonly Message[],
  options: { keepTokens: number; canStart?: (index: number) => boolean; minStart?: number },
): number {
  const minStart = Math.max(0, options.minStart ?? 0);
  let tokens = 0;
  let best = messages.length;
  let latestValid = messages.length;
  for (let i = messages.length - 1; i >= minStart; i--) {
    const m = messages[i]!;
    tokens += estimateMessageTokens(m);
    const valid = canStartKeptRange(m) && (options.canStart?.(i) ?? true);
    if (!valid) continue;
    if (latestValid === messages.length) latestValid = i;
    if (tokens <= options.keepTokens) best = i;
    else break;
  }
  return best < messages.length ? best : latestValid;
}

/** A problem that makes a message list unsendable: a tool_result without its tool_use right before it, or the reverse. */
export interface PairViolation {
  index: number;
  problem: string;
}

/**
 * Checks that every `tool_result` answers a `tool_use` of the assistant message right before
 * it, and every `tool_use` is answered in the message right after it (a trailing assistant
 * message may still be waiting for its results).
 */
export function findPairViolations(messages: readonly Message[]): PairViolation[] {
  const out: PairViolation[] = [];
  for (const [i, m] of messages.entries()) {
    if (m.role === "user") {
      const prev = messages[i - 1];
      const ids = new Set(
        prev?.role === "assistant" ? prev.content.flatMap((b) => (b.type === "tool_use" ? [b.id] : [])) : [],
      );
      for (const b of m.content) {
        if (b.type === "tool_result" && !ids.has(b.toolUseId))
          out.push({ index: i, problem: `tool_result ${b.toolUseId} does not follow its tool_use` });
      }
      continue;
    }
    const next = messages[i + 1];
    if (!next) continue;
    const answered = new Set(
      next.role === "user"
        ? next.content.flatMap((b) => (b.type === "tool_result" ? [b.toolUseId] : []))
        : [],
    );
    for (const b of m.content) {
      if (b.type === "tool_use" && !answered.has(b.id))
        out.push({ index: i, problem: `tool_use ${b.id} is not answered in the next message` });
    }
  }
  return out;
}
