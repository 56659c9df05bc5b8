import {
  type AgentEvent,
  type AgentEventBody,
  type AssistantMessage,
  addUsage,
  emptyUsage,
  type Message,
  type ResultSubtype,
  type StopReason,
  type TextBlock,
  toolUses,
  type Usage,
  type UserContent,
} from "@keel/protocol";
import { createFileStateTracker, type FileStateTracker, ToolRunner } from "@keel/tools";
import { newUuid, nowIso } from "./agent-ids.js";
import type { AgentOptions } from "./agent-options.js";
import { runModelTurn } from "./model-turn.js";
import { findUnansweredToolUses, normalizeHistory } from "./session-repair.js";

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
  private readonly steering: UserContent[][] = [];
  private readonly fileState: FileStateTracker;
  private warnedUnknownPrice = false;

  constructor(options: AgentOptions) {
    this.opts = options;
    this.history = normalizeHistory(options.messages ?? []);
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
    if (message.role === "assistant") this.emit({ type: "assistant_message", uuid, message });
    else this.emit({ type: "user_message", uuid, message, synthetic });
  }

  /** Answer any unanswered tool_use at the end of the history (after a crash or abort). */
  async repairTail(): Promise<void> {
    const repair = findUnansweredToolUses(this.history);
    if (repair) await this.commit(repair, true);
  }

  /** Run one user input to completion. Never throws for model or tool failures. */
  async run(input: string | UserContent[], options: { signal?: AbortSignal } = {}): Promise<ResultEvent> {
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
      for (;;) {
        if (signal.aborted) return this.aborted(finish);
        if (state.turns >= maxTurns) {
          const msg = `Reached the maximum number of turns (${maxTurns}).`;
          return finish("error_max_turns", msg, [msg]);
        }
        state.turns++;
        this.emit({ type: "turn_start", turn: state.turns });
        const outcome = await runModelTurn({
          provider: this.opts.provider,
          request: {
            model: this.opts.model,
            system: this.opts.system,
            ...(this.opts.context ? { context: this.opts.context } : {}),
            messages: this.history,
            tools: this.opts.tools.specs(),
            maxTokens: this.opts.maxTokens ?? 8192,
            ...(this.opts.thinking ? { thinking: this.opts.thinking } : {}),
          },
          signal,
          retry: this.opts.retry ?? {},
          emit: (e) => this.emit(e),
        });
        state.apiMs += outcome.apiMs;
        if (outcome.kind === "aborted") {
          if (outcome.partial.length > 0) await this.commit({ role: "assistant", content: outcome.partial });
          return this.aborted(finish);
        }
        if (outcome.kind === "error")
          return finish("error_during_execution", outcome.error.message, [outcome.error.message]);

        const { response } = outcome;
        state.usage = addUsage(state.usage, response.usage);
        state.cost += this.price(response.usage);
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
        while (this.steering.length > 0) await this.commit({ role: "user", content: this.steering.shift()! });
      }
    } catch (err) {
      // Not a model or tool failure (those are results): an I/O error such as a full disk.
      const message = `Keel failed: ${err instanceof Error ? err.message : String(err)}`;
      return finish("error_during_execution", message, [message]);
    }
  }

  private async aborted(finish: (s: ResultSubtype, r: string, e?: string[]) => Promise<ResultEvent>) {
    await this.repairTail();
    return finish("error_aborted", "Interrupted by user.", ["Interrupted by user."]);
  }

  private price(usage: Usage): number {
    if (!this.opts.price) return 0;
    const { costUsd, known } = this.opts.price(this.opts.model, usage);
    if (!known && !this.warnedUnknownPrice) {
      this.warnedUnknownPrice = true;
      this.emit({
        type: "warning",
        message: `No price known for model "${this.opts.model}"; its cost is counted as $0.`,
      });
    }
    return costUsd;
  }
}

function textOf(content: readonly { type: string }[]): string {
  return content
    .filter((b): b is TextBlock => b.type === "text")
    .map((b) => b.text)
    .join("");
}

function incompleteNote(response: { incompleteToolUses: Array<{ name: string; reason: string }> }): string {
  const list = response.incompleteToolUses.map((t) => `${t.name} (${t.reason})`).join(", ");
  return `These tool calls were not run because their input was incomplete: ${list}. Retry them with smaller inputs, e.g. split a large file into several writes.`;
}
