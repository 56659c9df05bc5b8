import { type AgentEvent, addUsage } from "@keel/protocol";
import type { CliOptions } from "./args.js";
import { type PermissionDenial, resultLine, toStreamJsonLine } from "./stream-json.js";

const EXIT_SIGINT = 130;
const EXIT_SIGTERM = 143;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function writeLine(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/** `keel -p`: one prompt, one run, output in the chosen format. Returns the exit code. */
export async function runPrintMode(options: CliOptions): Promise<number> {
  if (!options.print) {
    process.stderr.write(
      'keel: the interactive TUI is not available yet. Use print mode: keel -p "<prompt>" (see keel --help).\n',
    );
    return 2;
  }
  if (options.resumePicker) {
    process.stderr.write(
      "keel: --resume needs a session id in print mode (the picker is interactive only).\n",
    );
    return 2;
  }
  let prompt = options.prompt;
  if (prompt === undefined && !process.stdin.isTTY) prompt = (await readStdin()).trim();
  if (!prompt) {
    process.stderr.write('keel: no prompt. Pass it as an argument (keel -p "…") or on stdin.\n');
    return 2;
  }

  const controller = new AbortController();
  let signalExit: number | undefined;
  const onSignal = (code: number) => () => {
    if (signalExit !== undefined) process.exit(signalExit);
    signalExit = code;
    controller.abort();
  };
  process.on("SIGINT", onSignal(EXIT_SIGINT));
  process.on("SIGTERM", onSignal(EXIT_SIGTERM));

  const { createAgent, SdkError } = await import("@keel/sdk");
  const denials: PermissionDenial[] = [];
  const pendingInputs = new Map<string, Record<string, unknown>>();
  let apiKeySource = "none";
  let promptEchoSkipped = false;
  const onEvent = (event: AgentEvent) => {
    // Like Claude Code (without --replay-user-messages), the run's own prompt is not echoed.
    if (event.type === "user_message" && !event.synthetic && !promptEchoSkipped) {
      promptEchoSkipped = true;
      return;
    }
    if (event.type === "tool_call_start") pendingInputs.set(event.toolUseId, event.input);
    if (event.type === "permission_decision" && event.behavior === "deny") {
      denials.push({
        tool_name: event.name,
        tool_use_id: event.toolUseId,
        tool_input: pendingInputs.get(event.toolUseId) ?? {},
      });
    }
    if (event.type === "warning" && options.verbose) process.stderr.write(`keel: ${event.message}\n`);
    if (options.outputFormat === "stream-json" && event.type !== "result") {
      const line = toStreamJsonLine(event, { apiKeySource });
      if (line) writeLine(line);
    }
  };

  let created: Awaited<ReturnType<typeof createAgent>>;
  try {
    created = await createAgent({
      ...(options.model ? { model: options.model } : {}),
      ...(options.provider ? { providerName: options.provider } : {}),
      ...(options.fallbackModel ? { fallbackModel: options.fallbackModel } : {}),
      ...(options.permissionMode ? { permissionMode: options.permissionMode } : {}),
      ...(options.maxTurns ? { maxTurns: options.maxTurns } : {}),
      ...(options.systemPrompt !== undefined ? { systemPrompt: options.systemPrompt } : {}),
      ...(options.appendSystemPrompt ? { appendSystemPrompt: options.appendSystemPrompt } : {}),
      ...(options.resume !== undefined ? { resume: options.resume } : {}),
      ...(options.noSandbox ? { sandbox: false } : {}),
      ...(options.settings !== undefined ? { settings: options.settings } : {}),
      ...(options.allowedTools.length > 0 ? { allowedTools: options.allowedTools } : {}),
      ...(options.disallowedTools.length > 0 ? { disallowedTools: options.disallowedTools } : {}),
      ...(options.addDirs.length > 0 ? { addDirs: options.addDirs } : {}),
      continueLatest: options.continueLatest,
      ...(options.forkSession ? { forkSession: true } : {}),
      onEvent,
    });
  } catch (err) {
    if (err instanceof SdkError) {
      process.stderr.write(`keel: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  apiKeySource = created.apiKeySource;
  for (const w of created.warnings) process.stderr.write(`keel: warning: ${w}\n`);
  for (const n of created.notices) process.stderr.write(`keel: ${n}\n`);

  const result = await runUntilTasksSettle(created, prompt, controller.signal);
  await created.close();

  if (options.outputFormat === "text") {
    if (result.isError) process.stderr.write(`keel: ${result.errors.join("; ") || result.result}\n`);
    else process.stdout.write(result.result.endsWith("\n") ? result.result : `${result.result}\n`);
  } else {
    writeLine(resultLine(result, denials, created.model));
  }
  if (signalExit !== undefined) return signalExit;
  return result.isError ? 1 : 0;
}

/** How long print mode waits, in all, for background tasks still running when the model is done. */
const DEFAULT_TASK_WAIT_MS = 10 * 60_000;

type Created = Awaited<ReturnType<typeof import("@keel/sdk").createAgent>>;
type Result = Awaited<ReturnType<Created["agent"]["run"]>>;

/**
 * Run the prompt; while background tasks still run after the model ended its turn, wait for
 * them (bounded by KEEL_TASK_WAIT_MS, default 10 minutes in all) and deliver their notices as a
 * new turn, so the model can react. The result covers every turn (cost, turns, duration).
 */
async function runUntilTasksSettle(created: Created, prompt: string, signal: AbortSignal): Promise<Result> {
  const waitMs = Number(process.env.KEEL_TASK_WAIT_MS ?? DEFAULT_TASK_WAIT_MS);
  const deadline = Date.now() + (Number.isFinite(waitMs) && waitMs >= 0 ? waitMs : DEFAULT_TASK_WAIT_MS);
  let result = await created.agent.run(prompt, { signal });
  for (;;) {
    if (result.isError || signal.aborted || !created.tasks.hasRunning()) return result;
    const left = deadline - Date.now();
    if (left <= 0) return result;
    await created.tasks.waitForAny(left, signal);
    const notices = created.tasks.takeNotices();
    if (notices.length === 0) continue;
    const next = await created.agent.run(notices.join("\n"), { signal });
    result = {
      ...next,
      numTurns: result.numTurns + next.numTurns,
      durationMs: result.durationMs + next.durationMs,
      durationApiMs: result.durationApiMs + next.durationApiMs,
      totalCostUsd: result.totalCostUsd + next.totalCostUsd,
      usage: addUsage(result.usage, next.usage),
    };
  }
}
