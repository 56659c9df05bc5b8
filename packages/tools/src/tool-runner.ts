import type { Approver, PermissionPolicy } from "@keel/permissions";
import type { AgentEventBody, TextBlock, ToolResultBlock, ToolUseBlock } from "@keel/protocol";
import { createFileStateTracker, type FileStateTracker } from "./file-state.js";
import { validateToolInput } from "./input-schema.js";
import type { RequiredLevelContext, Tool, ToolOutput } from "./tool.js";
import type { AfterToolCall, BeforeToolCall } from "./tool-call-hooks.js";
import { errorMessage, errorOutput, isReadOnly, runToolCallPipeline } from "./tool-call-pipeline.js";
import type { ToolRegistry } from "./tool-registry.js";
import { truncateMiddle } from "./truncate-middle.js";

export const INTERRUPTED_MESSAGE = "Interrupted by user";

export interface ToolRunnerOptions {
  registry: ToolRegistry;
  policy: PermissionPolicy;
  /** Answers `ask` decisions. Absent (print mode, sub-agents): asks become denies naming the flag. */
  approver?: Approver;
  /** Most read-only calls running at once. Default 10. */
  maxConcurrency?: number;
  /** Longer text results are cut to head + tail with a note; a tool's own `maxOutputChars` wins. Default 30000. */
  maxOutputChars?: number;
  /** After an abort, how long a running call may take to return its own result before it is answered "Interrupted by user". Default 2000 ms. */
  abortGraceMs?: number;
  /** Seam for hooks: may deny/ask/allow before the policy; an allow still goes through deny/ask rules. */
  beforeToolCall?: BeforeToolCall;
  /** Seam: may replace the output after the call. */
  afterToolCall?: AfterToolCall;
}

export interface ToolRunContext {
  /** Workspace root; tools resolve and scope paths against it. */
  cwd: string;
  signal: AbortSignal;
  /** Receives tool_call_start/progress/end and permission_request/decision. Should not throw (throws are ignored). */
  emit: (event: AgentEventBody) => void;
  /** Files read in this session. Default: one in-memory tracker per runner. */
  fileState?: FileStateTracker;
}

type Prepared =
  | { ok: false; output: ToolOutput }
  | { ok: true; tool: Tool; input: Record<string, unknown>; concurrent: boolean };

/**
 * Runs a batch of tool calls: validate → before-hook → authorize → execute → after-hook → bound.
 * Consecutive concurrency-safe calls (by default: read-only ones) run concurrently; other calls
 * run alone, in order.
 */
export class ToolRunner {
  readonly #options: ToolRunnerOptions;
  readonly #fileState: FileStateTracker = createFileStateTracker();

  constructor(options: ToolRunnerOptions) {
    this.#options = options;
  }

  /** Never throws. Returns exactly one ToolResultBlock per call, in call order. */
  async run(calls: ToolUseBlock[], ctx: ToolRunContext): Promise<ToolResultBlock[]> {
    const emit = (event: AgentEventBody) => {
      try {
        ctx.emit(event);
      } catch {
        // A renderer bug must not lose tool results (every call needs its answer).
      }
    };
    const levelCtx = { cwd: ctx.cwd, workspaceRoots: this.#options.policy.workspaceRoots ?? [ctx.cwd] };
    const prepared = await Promise.all(calls.map((call) => this.#prepare(call, levelCtx)));
    const results: ToolResultBlock[] = new Array(calls.length);
    const runAt = async (i: number) => {
      results[i] = await this.#runOne(calls[i] as ToolUseBlock, prepared[i] as Prepared, ctx, emit);
    };

    let i = 0;
    while (i < calls.length) {
      if (!isConcurrent(prepared[i] as Prepared)) {
        await runAt(i);
        i++;
        continue;
      }
      let end = i;
      while (end < calls.length && isConcurrent(prepared[end] as Prepared)) end++;
      await runPool(i, end, this.#options.maxConcurrency ?? 10, runAt);
      i = end;
    }
    return results;
  }

  /** The tool that lists `name` among its aliases (an old name the model still uses). */
  #byAlias(name: string): Tool | undefined {
    const registry = this.#options.registry;
    for (const toolName of registry.names()) {
      const tool = registry.get(toolName);
      if (tool?.aliases?.includes(name)) return tool;
    }
    return undefined;
  }

  async #prepare(call: ToolUseBlock, levelCtx: RequiredLevelContext): Promise<Prepared> {
    const registry = this.#options.registry;
    const tool = registry.get(call.name) ?? this.#byAlias(call.name);
    if (tool === undefined) {
      const near = registry.names().find((n) => n.toLowerCase() === call.name.toLowerCase());
      const hint = near === undefined ? "" : ` Did you mean ${near}?`;
      return {
        ok: false,
        output: errorOutput(
          `No such tool: ${call.name}.${hint} Available tools: ${registry.names().join(", ")}.`,
        ),
      };
    }
    try {
      const validation = await validateToolInput(tool, call.input);
      if (!validation.ok) return { ok: false, output: errorOutput(validation.message) };
      let concurrent = false;
      try {
        concurrent = await isConcurrencySafe(tool, validation.input, levelCtx);
      } catch {
        // Not knowing means not concurrent.
      }
      return { ok: true, tool, input: validation.input, concurrent };
    } catch (error) {
      return { ok: false, output: errorOutput(`Invalid input for ${call.name}: ${errorMessage(error)}`) };
    }
  }

  async #runOne(
    call: ToolUseBlock,
    prepared: Prepared,
    ctx: ToolRunContext,
    emit: (event: AgentEventBody) => void,
  ): Promise<ToolResultBlock> {
    const started = performance.now();
    emit({ type: "tool_call_start", toolUseId: call.id, name: call.name, input: call.input });
    let ended = false;
    // Events from a call that was already answered (interrupted) are dropped.
    const callEmit = (event: AgentEventBody) => {
      if (!ended) emit(event);
    };

    let output: ToolOutput;
    if (ctx.signal.aborted) {
      output = errorOutput(INTERRUPTED_MESSAGE);
    } else if (!prepared.ok) {
      output = prepared.output;
    } else {
      const work = runToolCallPipeline(
        prepared.tool,
        { toolUseId: call.id, name: call.name, input: prepared.input },
        {
          policy: this.#options.policy,
          approver: this.#options.approver,
          beforeToolCall: this.#options.beforeToolCall,
          afterToolCall: this.#options.afterToolCall,
          cwd: ctx.cwd,
          signal: ctx.signal,
          emit: callEmit,
          fileState: ctx.fileState ?? this.#fileState,
        },
      );
      output = await raceAbort(work, ctx.signal, this.#options.abortGraceMs ?? 2000);
    }
    ended = true;

    const limit =
      (prepared.ok ? prepared.tool.maxOutputChars : undefined) ?? this.#options.maxOutputChars ?? 30_000;
    const isError = output.isError === true;
    emit({
      type: "tool_call_end",
      toolUseId: call.id,
      name: call.name,
      isError,
      durationMs: Math.round(performance.now() - started),
    });
    return { type: "tool_result", toolUseId: call.id, content: boundContent(output.content, limit), isError };
  }
}

function isConcurrent(prepared: Prepared): boolean {
  // Calls that can't run (unknown tool, invalid input) do nothing, so they never need to wait.
  return !prepared.ok || prepared.concurrent;
}

/** `concurrencySafe` when the tool declares it, else `readOnly`. Rejects if either throws. */
async function isConcurrencySafe(
  tool: Tool,
  input: Record<string, unknown>,
  ctx: RequiredLevelContext,
): Promise<boolean> {
  const safe = tool.concurrencySafe;
  if (safe === undefined) return isReadOnly(tool, input, ctx);
  return typeof safe === "function" ? await safe(input, ctx) : safe;
}

async function runPool(
  start: number,
  end: number,
  limit: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = start;
  const worker = async () => {
    while (next < end) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, end - start)) }, worker));
}

/**
 * Resolves with the call's own output, or "Interrupted by user" when `signal` aborts and the
 * call hasn't returned within `graceMs` (a tool that ignores its signal must not hang the turn).
 */
function raceAbort(work: Promise<ToolOutput>, signal: AbortSignal, graceMs: number): Promise<ToolOutput> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      timer = setTimeout(() => resolve(errorOutput(INTERRUPTED_MESSAGE)), graceMs);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const settle = (output: ToolOutput) => {
      signal.removeEventListener("abort", onAbort);
      if (timer !== undefined) clearTimeout(timer);
      resolve(output);
    };
    work.then(settle, (error: unknown) => settle(errorOutput(errorMessage(error))));
  });
}

function boundContent(content: ToolOutput["content"], maxChars: number): ToolResultBlock["content"] {
  if (typeof content === "string") return truncateMiddle(content, maxChars);
  return content.map((block): TextBlock | typeof block =>
    block.type === "text" ? { type: "text", text: truncateMiddle(block.text, maxChars) } : block,
  );
}
