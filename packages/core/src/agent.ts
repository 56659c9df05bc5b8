import {
  type AgentEvent,
  type AgentEventBody,
  type AssistantMessage,
  addUsage,
  emptyUsage,
  type Message,
  type ResultSubtype,
  type StopReason,
  toolUses,
  type Usage,
  type UserContent,
} from "@keel/protocol";
import type { ModelProvider } from "@keel/provider";
import { createFileStateTracker, type FileStateTracker, ToolRunner } from "@keel/tools";
import { newUuid, nowIso } from "./agent-ids.js";
import type { AgentOptions, CompactionOptions } from "./agent-options.js";
import { CompactionController, type CompactOutcome, type MessageMeta } from "./compaction-controller.js";
import { boundaryHistory } from "./history-start.js";
import { runModelTurn } from "./model-turn.js";
import { findUnansweredToolUses, normalizeHistory } from "./session-repair.js";
import { noticeMessage } from "./task-notice-message.js";
import { errorText, incompleteNote, textOf } from "./turn-text.js";

export type ResultEvent = Extract<AgentEvent, { type: "result" }>;

export const CONTINUE_PROMPT =
  "Your previous response was cut off by the output token limit. Continue exactly where you left off.";

/**
 * The agent loop (ARCHITECTURE.md, "One turn, as data"). Its only state is the message list;
 * everything else is derived from it or injected.
 */
export class Agent {
  private readonly opts: AgentOptions;
  private readonly runner: ToolRunner;
  private readonly history: Message[];
  /** Parallel to `history`: stored uuid and whether Keel wrote the message. */
  private readonly meta: MessageMeta[];
  private readonly steering: UserContent[][] = [];
  private readonly fileState: FileStateTracker;
  private readonly compaction: CompactionController;
  private warnedUnknownPrice = false;
  private running = false;

  constructor(options: AgentOptions) {
    // A copy: `setModel` changes it, and the compaction controller reads the same object.
    this.opts = { ...options };
    const start = boundaryHistory(options, normalizeHistory(options.messages ?? []));
    this.history = start.messages;
    this.meta = start.meta;
    this.compaction = new CompactionController(this.opts, {
      history: this.history,
      meta: this.meta,
      emit: (e) => this.emit(e),
      commit: (m, synthetic) => this.commit(m, synthetic),
    });
    // Every read is a session record, so read-before-edit survives a resume.
    this.fileState = createFileStateTracker(options.fileReads ?? [], (state) => {
      void this.opts.log?.append({ type: "file_read", ...state });
    });
    this.runner = new ToolRunner({
      registry: options.tools,
      policy: options.policy,
      ...(options.approver ? { approver: options.approver } : {}),
      ...(options.maxToolConcurrency ? { maxConcurrency: options.maxToolConcurrency } : {}),
      ...(options.maxToolOutputChars ? { maxOutputChars: options.maxToolOutputChars } : {}),
      ...(options.interceptors?.beforeToolCall
        ? { beforeToolCall: options.interceptors.beforeToolCall }
        : {}),
      ...(options.interceptors?.afterToolCall ? { afterToolCall: options.interceptors.afterToolCall } : {}),
    });
  }

  get sessionId(): string {
    return this.opts.sessionId;
  }

  /** The model requests go to now. */
  get model(): string {
    return this.opts.model;
  }

  /**
   * Send the following requests to another model (`/model`), possibly on another provider;
   * `compaction` carries the new model's window. Takes effect at the next request.
   */
  setModel(change: {
    model: string;
    provider?: ModelProvider;
    compaction?: CompactionOptions;
    maxTokens?: number;
  }): void {
    this.opts.model = change.model;
    if (change.provider) this.opts.provider = change.provider;
    if (change.compaction) this.opts.compaction = change.compaction;
    if (change.maxTokens !== undefined) this.opts.maxTokens = change.maxTokens;
    this.compaction.retarget();
    this.warnedUnknownPrice = false;
  }

  /** The conversation so far (read-only view). */
  get messages(): readonly Message[] {
    return this.history;
  }

  /** Queue a user message to be delivered after the current tool batch (steering). */
  steer(content: string | UserContent[]): void {
    this.steering.push(typeof content === "string" ? [{ type: "text", text: content }] : content);
  }

  /** Emit an event of this agent (session id and parent filled in). */
  private emit(body: AgentEventBody): void {
    this.opts.onEvent?.({
      ...body,
      sessionId: this.opts.sessionId,
      parentToolUseId: this.opts.parentToolUseId ?? null,
    } as AgentEvent);
  }

  /** Store a message: record first (one write), then history and the event. */
  private async commit(message: Message, synthetic = false): Promise<void> {
    const uuid = newUuid();
    await this.opts.log?.append({
      type: "message",
      uuid,
      timestamp: nowIso(),
      message,
      ...(synthetic ? { synthetic } : {}),
    });
    this.history.push(message);
    this.meta.push(synthetic ? { uuid, synthetic } : { uuid });
    if (message.role === "assistant") this.emit({ type: "assistant_message", uuid, message });
    else this.emit({ type: "user_message", uuid, message, synthetic });
  }

  /** Answer any unanswered tool_use at the end of the history (after a crash or abort). */
  async repairTail(): Promise<void> {
    const repair = findUnansweredToolUses(this.history);
    if (repair) await this.commit(repair, true);
  }

  /**
   * Summarize the conversation now (`/compact [instructions]`), whatever the budget says. Call
   * between runs. Never throws for model failures: a failed summary compacts by truncation.
   */
  async compact(instructions?: string, options: { signal?: AbortSignal } = {}): Promise<CompactOutcome> {
    if (this.running) return { compacted: false, reason: "The agent is running; compact between runs." };
    this.running = true;
    try {
      await this.repairTail();
      const signal = options.signal ?? new AbortController().signal;
      return await this.compaction.compact("manual", instructions, signal);
    } finally {
      this.running = false;
      await this.opts.log?.sync().catch(() => undefined);
    }
  }

  /** Store pending task notices as one synthetic user message; true if there were any. */
  private async deliverNotices(): Promise<boolean> {
    let notices: string[] = [];
    try {
      notices = this.opts.takeNotices?.() ?? [];
    } catch (err) {
      this.emit({ type: "warning", message: `Taking task notices failed: ${errorText(err)}` });
    }
    if (notices.length === 0) return false;
    await this.commit(noticeMessage(notices), true);
    return true;
  }

  /** Run one user input to completion. Never throws for model or tool failures. */
  async run(input: string | UserContent[], options: { signal?: AbortSignal } = {}): Promise<ResultEvent> {
    if (this.running) {
      const msg = "The agent is already running; await the previous run (or use steer()).";
      const busy: ResultEvent = {
        type: "result",
        uuid: newUuid(),
        sessionId: this.opts.sessionId,
        parentToolUseId: this.opts.parentToolUseId ?? null,
        subtype: "error_during_execution",
        isError: true,
        result: msg,
        numTurns: 0,
        durationMs: 0,
        durationApiMs: 0,
        totalCostUsd: 0,
        usage: emptyUsage(),
        stopReason: null,
        errors: [msg],
      };
      return busy;
    }
    this.running = true;
    try {
      return await this.runUnguarded(input, options);
    } finally {
      this.running = false;
    }
  }

  private async runUnguarded(
    input: string | UserContent[],
    options: { signal?: AbortSignal },
  ): Promise<ResultEvent> {
    const signal = options.signal ?? new AbortController().signal;
    const started = performance.now();
    const state = { turns: 0, apiMs: 0, usage: emptyUsage(), cost: 0, stop: null as StopReason | null };
    const finish = async (subtype: ResultSubtype, result: string, errors: string[] = []) => {
      await this.opts.log?.sync().catch(() => undefined);
      const event: ResultEvent = {
        type: "result",
        uuid: newUuid(),
        sessionId: this.opts.sessionId,
        parentToolUseId: this.opts.parentToolUseId ?? null,
        subtype,
        isError: subtype !== "success",
        result,
        numTurns: state.turns,
        durationMs: Math.round(performance.now() - started),
        durationApiMs: state.apiMs,
        totalCostUsd: state.cost,
        usage: state.usage,
        stopReason: state.stop,
        errors,
      };
      this.opts.onEvent?.(event);
      return event;
    };

    try {
      this.emit({
        type: "session_init",
        uuid: newUuid(),
        cwd: this.opts.cwd,
        model: this.opts.model,
        tools: this.opts.tools.names(),
        permissionMode: this.opts.policy.mode,
        resumed: this.history.length > 0,
      });
      let content: UserContent[] = typeof input === "string" ? [{ type: "text", text: input }] : input;
      const gate = await this.opts.interceptors?.onUserPrompt?.(content);
      if (gate?.block) return finish("error_during_execution", gate.block, [gate.block]);
      if (gate?.content) content = gate.content;
      await this.repairTail();
      await this.commit({ role: "user", content });

      const maxTurns = this.opts.maxTurns ?? 100;
      const maxContinuations = this.opts.maxContinuations ?? 3;
      let continuations = 0;
      let answerText = "";
      let overflowRetried = false;
      for (;;) {
        if (signal.aborted) return this.aborted(finish);
        if (state.turns >= maxTurns) {
          const msg = `Reached the maximum number of turns (${maxTurns}).`;
          return finish("error_max_turns", msg, [msg]);
        }
        await this.deliverNotices();
        const prepared = await this.compaction.prepare(signal);
        this.countSummaryUsage(state);
        if (prepared.kind === "aborted") return this.aborted(finish);
        if (prepared.kind === "overflow")
          return finish("error_during_execution", prepared.message, [prepared.message]);
        state.turns++;
        this.emit({ type: "turn_start", turn: state.turns });
        const outcome = await runModelTurn({
          provider: this.opts.provider,
          request: {
            model: this.opts.model,
            system: this.opts.system,
            ...(this.opts.context ? { context: this.opts.context } : {}),
            messages: prepared.messages,
            tools: this.opts.tools.specs(),
            maxTokens: this.opts.maxTokens ?? 8192,
            ...(this.opts.thinking ? { thinking: this.opts.thinking } : {}),
          },
          signal,
          retry: this.opts.retry ?? {},
          emit: (e) => this.emit(e),
          ...(this.opts.fallback ? { fallback: this.opts.fallback } : {}),
        });
        state.apiMs += outcome.apiMs;
        if (outcome.kind === "aborted") {
          if (outcome.partial.length > 0) await this.commit({ role: "assistant", content: outcome.partial });
          return this.aborted(finish);
        }
        if (outcome.kind === "error" && outcome.error.kind === "context_overflow") {
          const recovery = await this.compaction.recoverFromOverflow(
            outcome.error.message,
            overflowRetried,
            signal,
          );
          this.countSummaryUsage(state);
          if (recovery === "aborted") return this.aborted(finish);
          if (recovery !== "retry") return finish("error_during_execution", recovery, [recovery]);
          overflowRetried = true;
          continue;
        }
        if (outcome.kind === "error")
          return finish("error_during_execution", outcome.error.message, [outcome.error.message]);
        overflowRetried = false;

        const { response } = outcome;
        state.usage = addUsage(state.usage, response.usage);
        state.cost += this.price(response.usage, outcome.model);
        state.stop = response.stopReason;
        const message: AssistantMessage = {
          ...response.message,
          stopReason: response.stopReason,
          usage: response.usage,
        };
        if (message.content.length === 0 && response.incompleteToolUses.length > 0) {
          // Everything the model produced was cut off: store what it attempted, so the history
          // keeps alternating and the model sees its own (unrun) call.
          const attempted = response.incompleteToolUses.map((t) => t.name).join(", ");
          message.content = [
            { type: "text", text: `(Tool call ${attempted} was cut off by the output limit.)` },
          ];
        }
        if (message.content.length > 0) await this.commit(message);
        this.compaction.noteResponse(response.usage);
        this.emit({
          type: "turn_end",
          turn: state.turns,
          stopReason: response.stopReason,
          usage: response.usage,
        });

        const calls = toolUses(message.content);
        const text = textOf(message.content);
        if (calls.length === 0 && response.incompleteToolUses.length === 0) {
          if (response.stopReason === "max_tokens" && continuations < maxContinuations) {
            continuations++;
            answerText += text;
            await this.commit({ role: "user", content: [{ type: "text", text: CONTINUE_PROMPT }] }, true);
            continue;
          }
          answerText += text;
          // Tasks that finished while the model worked: let it react before the turn ends.
          if (await this.deliverNotices()) {
            answerText = "";
            continue;
          }
          const more = await this.opts.interceptors?.onStop?.(answerText);
          if (more?.continueWith) {
            answerText = "";
            await this.commit({ role: "user", content: [{ type: "text", text: more.continueWith }] }, true);
            continue;
          }
          return finish("success", answerText);
        }

        answerText = "";
        continuations = 0;
        const results: UserContent[] = await this.runner.run(calls, {
          cwd: this.opts.cwd,
          signal,
          fileState: this.fileState,
          emit: (e) => this.emit(e),
        });
        if (response.incompleteToolUses.length > 0)
          results.push({ type: "text", text: incompleteNote(response) });
        await this.commit({ role: "user", content: results }, calls.length === 0);
        if (signal.aborted) return this.aborted(finish);
        await this.deliverSteering();
      }
    } catch (err) {
      // Not a model or tool failure (those are results): an I/O error such as a full disk.
      const message = `Keel failed: ${err instanceof Error ? err.message : String(err)}`;
      return finish("error_during_execution", message, [message]);
    }
  }

  /** Store the queued steering messages, oldest first. */
  private async deliverSteering(): Promise<void> {
    while (this.steering.length > 0) await this.commit({ role: "user", content: this.steering.shift()! });
  }

  private async aborted(finish: (s: ResultSubtype, r: string, e?: string[]) => Promise<ResultEvent>) {
    await this.repairTail();
    // Messages the user queued during the interrupted turn are theirs: stored now, seen next run.
    await this.deliverSteering();
    return finish("error_aborted", "Interrupted by user.", ["Interrupted by user."]);
  }

  /** Summary requests cost tokens too: count them in the run's usage and cost. */
  private countSummaryUsage(state: { usage: Usage; cost: number }): void {
    const spent = this.compaction.takeSummaryUsage();
    if (!spent) return;
    state.usage = addUsage(state.usage, spent.usage);
    state.cost += this.price(spent.usage, spent.model);
  }

  private price(usage: Usage, model = this.opts.model): number {
    if (!this.opts.price) return 0;
    const { costUsd, known } = this.opts.price(model, usage);
    if (!known && !this.warnedUnknownPrice) {
      this.warnedUnknownPrice = true;
      this.emit({
        type: "warning",
        message: `No price known for model "${model}"; its cost is counted as $0.`,
      });
    }
    return costUsd;
  }
}
