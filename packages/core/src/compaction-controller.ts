import {
  CompactError,
  type CompactHistoryResult,
  compactHistory,
  estimateFrameTokens,
  estimateMessagesTokens,
  estimateMessageTokens,
  microCompact,
  TokenBudget,
  tokensSinceUsage,
} from "@keel/compact";
import {
  type AgentEventBody,
  addUsage,
  type CompactionRecord,
  type CompactionTrigger,
  emptyUsage,
  type Message,
  promptTokens,
  type Usage,
  type UserContent,
} from "@keel/protocol";
import type { RetryInfo } from "@keel/provider";
import { newUuid } from "./agent-ids.js";
import type { AgentOptions } from "./agent-options.js";
import { errorText } from "./turn-text.js";

/** What the agent knows about each message of its history besides the message itself. */
export interface MessageMeta {
  /** The stored record's uuid; undefined for the boundary message and in-memory repairs. */
  uuid?: string;
  /** Written by Keel (continue prompts, notices, re-injected context): not a user prompt. */
  synthetic?: boolean;
}

/** The agent's side of compaction: its live history and how it stores and announces things. */
export interface CompactionHost {
  readonly history: Message[];
  readonly meta: MessageMeta[];
  emit(event: AgentEventBody): void;
  /** Store a message (record first), then append it to the history. */
  commit(message: Message, synthetic: boolean): Promise<void>;
}

export type PreparedRequest =
  | { kind: "ready"; messages: Message[] }
  | { kind: "overflow"; message: string }
  | { kind: "aborted" };

export type CompactOutcome =
  | { compacted: true; record: CompactionRecord }
  | { compacted: false; reason: string; aborted?: boolean };

/** The last response's reported size, to count the next request from. */
interface Anchor {
  tokens: number;
  historyLength: number;
  savedTokens: number;
}

const DEFAULT_SUMMARY_TOKENS = 4_096;
/** Summarizer transcript chunk when no window is known (fits any current model). */
const DEFAULT_SUMMARY_INPUT = 50_000;
/** Room for the summary prompt and instructions around a transcript chunk. */
const SUMMARY_PROMPT_TOKENS = 2_000;

/**
 * Decides when the loop compacts (ARCHITECTURE.md: `compact` must not decide that) and runs
 * it: before each request it counts the next request (last reported usage plus an estimate of
 * what was appended since), sends a micro-compacted view once the budget's micro point is
 * reached, summarizes at the auto point, and refuses to send a request over the hard limit.
 */
export class CompactionController {
  private readonly opts: AgentOptions;
  private readonly host: CompactionHost;
  budget: TokenBudget | undefined;
  private anchor: Anchor | undefined;
  private lastSavedTokens = 0;
  private announcedCleared = 0;
  private warned = false;
  /** Usage of summary requests not yet counted by a run. */
  private summaryUsage: Usage = emptyUsage();
  /** The boundary the history currently starts from (merged into the next one). */
  private previous: CompactionRecord | undefined;

  constructor(opts: AgentOptions, host: CompactionHost) {
    this.opts = opts;
    this.host = host;
    this.previous = opts.boundary;
    this.budget = budgetOf(opts);
  }

  /** The agent's model (and so its window) changed: recount the budget from the options. */
  retarget(): void {
    this.budget = budgetOf(this.opts);
    this.warned = false;
  }

  /** Usage of the summary requests made since the last call (their model: `summaryModel`). */
  takeSummaryUsage(): { usage: Usage; model: string } | undefined {
    const usage = this.summaryUsage;
    this.summaryUsage = emptyUsage();
    if (promptTokens(usage) + usage.outputTokens === 0) return undefined;
    return { usage, model: this.opts.compaction?.summaryModel ?? this.opts.model };
  }

  /** `autoCompact: false` turns off every compaction the agent would start on its own. */
  get autoCompact(): boolean {
    return this.opts.compaction?.autoCompact !== false;
  }

  private frameTokens(): number {
    return estimateFrameTokens({
      system: this.opts.system,
      ...(this.opts.context ? { context: this.opts.context } : {}),
      tools: this.opts.tools.specs(),
    });
  }

  /**
   * The messages to send (micro-compacted once the history reaches the micro point) and their
   * count; announces a newly cleared batch unless `announce` is false.
   */
  private view(announce = true): { messages: Message[]; tokens: number } {
    const history = this.host.history;
    const frame = this.frameTokens();
    const raw = frame + estimateMessagesTokens(history);
    let messages: Message[] = history;
    let saved = 0;
    // Decided on the whole history, which only grows between summaries: once on, micro stays on,
    // so what is sent changes only when another batch of results is cleared.
    if (this.budget && this.autoCompact && this.budget.reaches(raw, "micro")) {
      const micro = microCompact(history, this.opts.compaction?.micro ?? {});
      messages = micro.messages;
      saved = micro.savedTokens;
      if (announce && micro.cleared > this.announcedCleared) {
        this.announcedCleared = micro.cleared;
        this.host.emit({
          type: "compaction",
          strategy: "micro",
          trigger: "auto",
          preTokens: raw,
          postTokens: raw - saved,
        });
      }
    }
    this.lastSavedTokens = saved;
    const a = this.anchor;
    const anchored =
      a && a.historyLength <= history.length
        ? a.tokens + estimateMessagesTokens(history.slice(a.historyLength)) - (saved - a.savedTokens)
        : undefined;
    return { messages, tokens: anchored ?? raw - saved };
  }

  /** Record the provider's count for the request just answered (call after storing its message). */
  noteResponse(usage: Usage): void {
    const tokens = tokensSinceUsage(usage, 0);
    this.anchor =
      tokens === undefined
        ? undefined
        : { tokens, historyLength: this.host.history.length, savedTokens: this.lastSavedTokens };
  }

  /** Before each model request: what to send, after compacting if the budget says so. */
  async prepare(signal: AbortSignal): Promise<PreparedRequest> {
    const budget = this.budget;
    let view = this.view();
    if (!budget) return { kind: "ready", messages: view.messages };
    if (!this.autoCompact) {
      if (budget.reaches(view.tokens, "overflow"))
        return { kind: "overflow", message: this.overflowMessage(view.tokens, "off") };
      if (budget.reaches(view.tokens, "warn") && !this.warned) {
        this.warned = true;
        this.host.emit({
          type: "warning",
          message: `The context is ${Math.round((100 * view.tokens) / budget.limit)}% full and automatic compaction is off; run /compact before it overflows.`,
        });
      }
      return { kind: "ready", messages: view.messages };
    }
    let notCompacted: string | undefined;
    if (budget.reaches(view.tokens, "auto")) {
      const outcome = await this.compact("auto", undefined, signal, view.tokens);
      if (!outcome.compacted && outcome.aborted) return { kind: "aborted" };
      if (!outcome.compacted) {
        notCompacted = outcome.reason;
        this.host.emit({ type: "warning", message: `Automatic compaction did not run: ${outcome.reason}` });
      }
      view = this.view();
    }
    if (budget.reaches(view.tokens, "overflow"))
      return { kind: "overflow", message: this.overflowMessage(view.tokens, notCompacted ?? "after") };
    return { kind: "ready", messages: view.messages };
  }

  /** `why`: "off" (autoCompact false), "after" (still too large after compacting), or why compaction did not run. */
  private overflowMessage(tokens: number, why: string): string {
    const b = this.budget!;
    const size = `The conversation needs about ${tokens} tokens, over the ${b.limit}-token limit of ${this.opts.model} (a ${b.contextWindow}-token context window minus ${b.reserve} reserved for the answer)`;
    if (why === "off")
      return `${size}, and automatic compaction is off (autoCompact: false). Run /compact, or start a new session.`;
    if (why === "after")
      return `${size} even after compacting: the most recent messages alone are too large. Start a new session, or /compact with instructions to drop more.`;
    return `${size}, and compaction did not run (${why}). Start a new session, or run /compact.`;
  }

  /**
   * Summary compaction now (strategy 2, truncation if the summary fails): asks the
   * `beforeCompact` interceptor, writes the boundary record, replaces the history with the
   * boundary message and the kept messages, announces it, then re-injects context.
   */
  async compact(
    trigger: CompactionTrigger,
    instructions: string | undefined,
    signal: AbortSignal,
    preTokens?: number,
  ): Promise<CompactOutcome> {
    let custom = instructions;
    try {
      const gate = await this.opts.interceptors?.beforeCompact?.({
        trigger,
        ...(instructions !== undefined ? { instructions } : {}),
      });
      if (gate?.block) return { compacted: false, reason: `Compaction blocked: ${gate.block}` };
      if (gate?.instructions) custom = [instructions, gate.instructions].filter(Boolean).join("\n\n");
    } catch (err) {
      this.host.emit({ type: "warning", message: `The beforeCompact interceptor failed: ${errorText(err)}` });
    }

    let reinject: UserContent[] | undefined;
    try {
      reinject = this.opts.reinject?.();
    } catch (err) {
      this.host.emit({
        type: "warning",
        message: `Re-injecting context after compaction failed: ${errorText(err)}`,
      });
    }
    const history = this.host.history;
    let result: CompactHistoryResult;
    try {
      result = await compactHistory({
        messages: history,
        uuids: this.host.meta.map((m) => m.uuid),
        synthetic: this.host.meta.map((m) => m.synthetic === true),
        ...(this.previous ? { previous: this.previous } : {}),
        trigger,
        keepTokens: this.keepTokens(trigger),
        summarizer: this.summarizer(custom, signal),
        frameTokens: this.frameTokens(),
        preTokens: preTokens ?? this.view(false).tokens,
        ...(reinject?.length
          ? { extraTokens: estimateMessageTokens({ role: "user", content: reinject }) }
          : {}),
      });
    } catch (err) {
      if (err instanceof CompactError && err.kind === "aborted")
        return { compacted: false, reason: err.message, aborted: true };
      if (err instanceof CompactError) return { compacted: false, reason: err.message };
      throw err;
    }
    const { record } = result;
    await this.opts.log?.append(record);
    const keptMeta = this.host.meta.slice(result.keptFrom);
    const boundaryMeta = result.messages.slice(keptMeta.length).map((): MessageMeta => ({}));
    history.splice(0, history.length, ...result.messages);
    this.host.meta.splice(0, this.host.meta.length, ...boundaryMeta, ...keptMeta);
    this.previous = record;
    this.anchor = undefined;
    this.announcedCleared = 0;
    this.warned = false;
    if (result.summaryError)
      this.host.emit({ type: "warning", message: `Compacted by truncation: ${result.summaryError}` });
    this.host.emit({
      type: "compaction",
      uuid: record.uuid,
      strategy: record.strategy,
      trigger,
      preTokens: record.preTokens,
      postTokens: record.postTokens,
    });
    if (reinject?.length) await this.host.commit({ role: "user", content: reinject }, true);
    return { compacted: true, record };
  }

  /**
   * The provider said the request was too long: compact once (trigger `overflow`) so the loop
   * can retry; a second overflow, or compaction turned off, is a clear error message.
   */
  async recoverFromOverflow(
    providerMessage: string,
    alreadyRetried: boolean,
    signal: AbortSignal,
  ): Promise<"retry" | "aborted" | string> {
    if (!this.autoCompact)
      return `The model rejected the request as too long for its context window (${providerMessage}), and automatic compaction is off (autoCompact: false). Run /compact, or start a new session.`;
    if (alreadyRetried)
      return `The request is still too long for the model's context window after compacting (${providerMessage}). Start a new session, or /compact with instructions to drop more.`;
    const outcome = await this.compact("overflow", undefined, signal);
    if (outcome.compacted) return "retry";
    if (outcome.aborted) return "aborted";
    return `The model rejected the request as too long for its context window (${providerMessage}), and compacting failed: ${outcome.reason}`;
  }

  /** Recent tokens kept verbatim; after a provider overflow the estimate was wrong, so keep less. */
  private keepTokens(trigger: CompactionTrigger): number {
    const base = this.budget?.keepTokens ?? Math.floor(0.2 * estimateMessagesTokens(this.host.history));
    return trigger === "overflow" ? Math.floor(base / 2) : base;
  }

  private summarizer(instructions: string | undefined, signal: AbortSignal) {
    const c = this.opts.compaction;
    const maxTokens =
      c?.summaryMaxTokens ??
      (c ? Math.min(c.maxOutputTokens, 8_192, Math.floor(c.contextWindow / 16)) : DEFAULT_SUMMARY_TOKENS);
    const inputTokens = c
      ? Math.floor((c.contextWindow - maxTokens - SUMMARY_PROMPT_TOKENS) * 0.8)
      : DEFAULT_SUMMARY_INPUT;
    return {
      provider: c?.summaryProvider ?? this.opts.provider,
      model: c?.summaryModel ?? this.opts.model,
      maxTokens,
      inputTokens,
      signal,
      ...(instructions ? { instructions } : {}),
      ...(this.opts.retry ? { retry: this.opts.retry } : {}),
      onRetry: (info: RetryInfo) => this.host.emit({ type: "retry", uuid: newUuid(), ...info }),
      onUsage: (usage: Usage) => {
        this.summaryUsage = addUsage(this.summaryUsage, usage);
      },
    };
  }
}

function budgetOf(opts: AgentOptions): TokenBudget | undefined {
  const c = opts.compaction;
  if (!c) return undefined;
  return new TokenBudget({
    contextWindow: c.contextWindow,
    maxOutputTokens: c.maxOutputTokens,
    reserve: c.reserve ?? Math.min(c.maxOutputTokens, opts.maxTokens ?? 8192),
    ...(c.margin !== undefined ? { margin: c.margin } : {}),
    ...(c.thresholds ? { thresholds: c.thresholds } : {}),
    ...(c.keepTokens !== undefined ? { keepTokens: c.keepTokens } : {}),
  });
}
