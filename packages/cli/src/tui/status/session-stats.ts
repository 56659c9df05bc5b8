import type { AgentEvent, Usage } from "@keel/protocol";

function promptTokens(u: Usage): number {
  return u.inputTokens + u.cacheCreationInputTokens + u.cacheReadInputTokens;
}

/**
 * Figures for the status line and `/cost`, derived from the event stream only: session cost is
 * the sum of the results' costs, context use is the last response's prompt plus output tokens.
 */
export class SessionStats {
  /** USD spent in this TUI session (all runs, all sessions it switched between). */
  costUsd = 0;
  /** Tokens of the whole context as of the last response (prompt + output). */
  contextTokens = 0;
  inputTokens = 0;
  outputTokens = 0;
  cacheReadTokens = 0;
  cacheWriteTokens = 0;
  apiMs = 0;
  turns = 0;
  /** Output tokens of the current run: counted from usage, estimated (chars / 4) while streaming. */
  runTokens = 0;
  private streamedChars = 0;

  handle(event: AgentEvent): void {
    if (event.parentToolUseId !== null) return;
    switch (event.type) {
      case "text_delta":
        this.streamedChars += event.text.length;
        break;
      case "thinking_delta":
        this.streamedChars += event.thinking.length;
        break;
      case "tool_input_delta":
        this.streamedChars += event.partialJson.length;
        break;
      case "retry":
        if (event.withdrawPartial) this.streamedChars = 0;
        break;
      case "turn_end":
        this.contextTokens = promptTokens(event.usage) + event.usage.outputTokens;
        this.runTokens += event.usage.outputTokens;
        this.streamedChars = 0;
        this.turns++;
        break;
      case "compaction":
        this.contextTokens = event.postTokens;
        break;
      case "result":
        this.costUsd += event.totalCostUsd;
        this.inputTokens += event.usage.inputTokens;
        this.outputTokens += event.usage.outputTokens;
        this.cacheReadTokens += event.usage.cacheReadInputTokens;
        this.cacheWriteTokens += event.usage.cacheCreationInputTokens;
        this.apiMs += event.durationApiMs;
        break;
      default:
        break;
    }
  }

  /** Output tokens so far in the current run (usage of finished responses plus an estimate of the streaming one). */
  get liveTokens(): number {
    return this.runTokens + Math.round(this.streamedChars / 4);
  }

  startRun(): void {
    this.runTokens = 0;
    this.streamedChars = 0;
  }

  /** A new conversation (`/clear`): the context is empty again; money spent stays spent. */
  resetContext(tokens = 0): void {
    this.contextTokens = tokens;
  }
}

export function formatCost(usd: number): string {
  if (usd === 0) return "$0.00";
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
