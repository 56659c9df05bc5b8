import { promptTokens, type Usage } from "@keel/protocol";

/**
 * How full the next request is: `ok`; `micro` (clear old tool results from what is sent);
 * `warn` (getting close to automatic compaction); `auto` (summarize now); `overflow` (over the
 * hard limit: the request must not be sent as it is).
 */
export type BudgetLevel = "ok" | "micro" | "warn" | "auto" | "overflow";

/** Fractions of the usable window (`contextWindow − reserve`) at which each level starts. */
export interface BudgetThresholds {
  /** Default 0.5. */
  micro?: number;
  /** Default 0.85 of the auto point. */
  warn?: number;
  /** Default `1 − margin / usable`. */
  auto?: number;
}

export interface TokenBudgetOptions {
  contextWindow: number;
  maxOutputTokens: number;
  /** Tokens kept free for the response. Default `maxOutputTokens`. */
  reserve?: number;
  /**
   * Slack below the hard limit for estimation error and for what the next tool results add.
   * Default 10 % of the usable window, between 1,000 and 20,000 tokens.
   */
  margin?: number;
  thresholds?: BudgetThresholds;
  /** Tokens of recent messages a summary compaction keeps verbatim. Default 25 % of the auto point. */
  keepTokens?: number;
}

function clampFraction(value: number, max: number): number {
  return Math.min(Math.max(value, 0), max);
}

/**
 * The context budget of one model. Pure arithmetic: it says how full a request is; the caller
 * (the agent loop) decides what to do about it.
 */
export class TokenBudget {
  readonly contextWindow: number;
  readonly reserve: number;
  /** Hard limit on prompt tokens: `contextWindow − reserve`. */
  readonly limit: number;
  /** Automatic compaction starts at this many prompt tokens. */
  readonly autoAt: number;
  readonly warnAt: number;
  readonly microAt: number;
  readonly keepTokens: number;

  constructor(options: TokenBudgetOptions) {
    if (!(options.contextWindow > 0)) throw new RangeError("TokenBudget: contextWindow must be positive.");
    this.contextWindow = options.contextWindow;
    this.reserve = Math.max(0, options.reserve ?? options.maxOutputTokens);
    if (this.reserve >= this.contextWindow) {
      throw new RangeError(
        `TokenBudget: the output reserve (${this.reserve}) leaves no room in a ${this.contextWindow}-token window; lower maxOutputTokens or reserve.`,
      );
    }
    this.limit = this.contextWindow - this.reserve;
    const margin = options.margin ?? Math.min(Math.max(Math.round(this.limit * 0.1), 1_000), 20_000);
    const t = options.thresholds ?? {};
    const auto = clampFraction(t.auto ?? 1 - margin / this.limit, 1);
    this.autoAt = Math.max(1, Math.floor(this.limit * auto));
    this.warnAt = Math.floor(this.limit * clampFraction(t.warn ?? auto * 0.85, auto));
    this.microAt = Math.floor(this.limit * clampFraction(t.micro ?? 0.5, auto));
    this.keepTokens = options.keepTokens ?? Math.floor(this.autoAt * 0.25);
  }

  /** The highest level `tokens` prompt tokens reach. */
  level(tokens: number): BudgetLevel {
    if (tokens > this.limit) return "overflow";
    if (tokens >= this.autoAt) return "auto";
    const warn = tokens >= this.warnAt;
    const micro = tokens >= this.microAt;
    if (warn && micro) return this.warnAt >= this.microAt ? "warn" : "micro";
    if (warn) return "warn";
    if (micro) return "micro";
    return "ok";
  }

  /** Whether `tokens` reaches the start of `level` (levels overlap: `auto` also reaches `micro`). */
  reaches(tokens: number, level: Exclude<BudgetLevel, "ok">): boolean {
    switch (level) {
      case "micro":
        return tokens >= this.microAt;
      case "warn":
        return tokens >= this.warnAt;
      case "auto":
        return tokens >= this.autoAt;
      case "overflow":
        return tokens > this.limit;
    }
  }
}

/**
 * Prompt tokens of the next request, anchored on what the provider reported for the last one:
 * its prompt (input + cache read + cache creation) plus its own output (now in the history),
 * plus an estimate of what was appended since. Undefined when the provider reported nothing
 * (then estimate the whole request instead).
 */
export function tokensSinceUsage(lastUsage: Usage | undefined, appendedTokens: number): number | undefined {
  if (!lastUsage) return undefined;
  const prompt = promptTokens(lastUsage);
  if (prompt === 0) return undefined;
  return prompt + lastUsage.outputTokens + appendedTokens;
}
