import type { CompactionOptions } from "@keel/core";
import type { ResolvedModel } from "@keel/provider";
import type { CompactionSettings } from "../settings/settings-schema.js";

/** A threshold setting: a fraction of the usable window (0–1], or an absolute token count. */
function fraction(value: number | undefined, usable: number): number | undefined {
  if (value === undefined) return undefined;
  return value <= 1 ? value : Math.min(1, value / usable);
}

/**
 * The agent's context budget for `model` (its catalog entry, with settings `models` overrides
 * already applied) and the `autoCompact` / `compaction` settings. `autoCompact: false` turns
 * automatic compaction off; the window is still enforced (an overflow is reported).
 */
export function compactionOptionsFor(
  model: Pick<ResolvedModel, "contextWindow" | "maxOutputTokens">,
  settings: { autoCompact?: boolean; compaction: CompactionSettings },
  maxTokens: number,
): CompactionOptions {
  const c = settings.compaction;
  const reserve = c.reserveTokens ?? Math.min(model.maxOutputTokens, maxTokens);
  const usable = Math.max(1, model.contextWindow - reserve);
  const thresholds = {
    ...(c.microAt !== undefined ? { micro: fraction(c.microAt, usable) } : {}),
    ...(c.warnAt !== undefined ? { warn: fraction(c.warnAt, usable) } : {}),
    ...(c.autoAt !== undefined ? { auto: fraction(c.autoAt, usable) } : {}),
  };
  return {
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    ...(settings.autoCompact === false ? { autoCompact: false } : {}),
    ...(c.reserveTokens !== undefined ? { reserve: c.reserveTokens } : {}),
    ...(Object.keys(thresholds).length > 0 ? { thresholds } : {}),
    ...(c.keepRecentTurns !== undefined ? { micro: { keepRecent: c.keepRecentTurns } } : {}),
  };
}
