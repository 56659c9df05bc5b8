import { randomUUID } from "node:crypto";
import { platform, release } from "node:os";
import {
  Agent,
  type AgentInterceptors,
  type AgentOptions,
  type SessionLog,
  type SessionStore,
} from "@keel/core";
import type { PermissionPolicy } from "@keel/permissions";
import { type AgentEvent, type AgentEventBody, SESSION_FORMAT_VERSION, type TextBlock } from "@keel/protocol";
import type { ModelProvider } from "@keel/provider";
import { type Tool, ToolRegistry } from "@keel/tools";
import {
  createAgentTool,
  createTodoWriteTool,
  type StartBackgroundSubagent,
  type SubagentRequest,
  type SubagentResult,
  type SubagentRunner,
} from "@keel/tools-builtin";
import { type AgentDefinition, agentTypeInfos } from "../agents/agent-definition.js";
import { type ConcurrencyLimit, createConcurrencyLimit } from "./concurrency-limit.js";
import { resolveSubagentModel } from "./subagent-model.js";
import { subagentPolicy } from "./subagent-policy.js";
import { selectSubagentTools } from "./subagent-tools.js";

/** Core `Agent` options passed through to every sub-agent (hooks: tool-call seams only). */
export type SubagentAgentOptions = Pick<
  AgentOptions,
  "retry" | "price" | "maxTokens" | "thinking" | "maxToolConcurrency" | "maxToolOutputChars"
> & { interceptors?: Pick<AgentInterceptors, "beforeToolCall" | "afterToolCall"> };

export interface SubagentRunnerOptions {
  /** The agent types (`loadAgentDefinitions(...).definitions`). */
  definitions: readonly AgentDefinition[];
  provider: ModelProvider;
  /** The parent's model: what a type without a model (or `inherit`) runs on. */
  model: string;
  /** The parent's policy. Sub-agents have no approver: an `ask` becomes a deny that says why. */
  policy: PermissionPolicy;
  /**
   * A fresh set of base tools for one sub-agent (Bash keeps its cwd per instance), e.g.
   * `createBuiltinTools({ env, sandbox })`. Agent and TodoWrite in it are ignored: the runner
   * adds its own, bound to the sub-agent's session.
   */
  createTools: () => Tool[];
  /** Tools the parent's settings remove (bare-name deny rules) stay removed. Default: all allowed. */
  toolAllowed?: (name: string) => boolean;
  /** Where sub-agent sessions are created (see `subagentSessionStore`). Absent: in memory only. */
  store?: SessionStore;
  /** The parent's session: gets a `subagent` record linking each sub-agent's session. */
  parentLog?: SessionLog;
  /** Written as `parentSessionId` in each sub-agent's session header. */
  parentSessionId: string;
  /** Receives every sub-agent event (its `parentToolUseId` is the Agent call's id). Must not throw. */
  onEvent?: (event: AgentEvent) => void;
  /** The parent's cwd: sub-agents work in the same workspace. */
  cwd: string;
  /** The parent's context block (date …). */
  context?: string;
  /** Appended to each type's system prompt. Default: the workspace and OS lines. */
  environment?: string;
  /** Depth of the sub-agents this runner starts (the main agent is 0). Default 1. */
  depth?: number;
  /** Deepest sub-agent level; sub-agents at it get no Agent tool. Default 1: sub-agents can't spawn. */
  maxDepth?: number;
  /** Turn cap of each sub-agent (a type's `maxTurns` may lower it). Default 50. */
  maxTurns?: number;
  /** Sub-agents of this runner running at once; more calls wait for a slot. Default 4. */
  maxConcurrency?: number;
  agentOptions?: SubagentAgentOptions;
  /** Starts `run_in_background` calls of nested Agent tools (only used when `maxDepth` > 1). */
  startBackground?: StartBackgroundSubagent;
  /**
   * Turns the requested model (the call's, else the type's; undefined: inherit) into a model id,
   * or a model on another provider. Default `resolveSubagentModel` (same provider).
   */
  resolveModel?: (
    requested: string | undefined,
    parentModel: string,
  ) => string | { model: string; provider: ModelProvider };
}

const DEFAULT_MAX_TURNS = 50;
const DEFAULT_MAX_CONCURRENCY = 4;

/**
 * The sub-agent runner the Agent tool is given. Each call runs a fresh core `Agent`: its own
 * session (header `parentSessionId`, linked from the parent's by a `subagent` record), the type's
 * system prompt and tools, the parent's policy without an approver, a turn cap, and the parent's
 * signal; its events reach `onEvent` carrying the Agent call's id. Never rejects.
 */
export function createSubagentRunner(options: SubagentRunnerOptions): SubagentRunner {
  const limit = createConcurrencyLimit(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
  return (request) => runSubagent(options, limit, request);
}

async function runSubagent(
  options: SubagentRunnerOptions,
  limit: ConcurrencyLimit,
  request: SubagentRequest,
): Promise<SubagentResult> {
  const definition = options.definitions.find((d) => d.name === request.agentType);
  if (definition === undefined) {
    const names = options.definitions.map((d) => d.name).join(", ");
    return {
      text: `Unknown agent type "${request.agentType}". Available agent types: ${names}.`,
      isError: true,
    };
  }
  const releaseSlot = await limit.acquire(request.signal);
  if (releaseSlot === undefined)
    return { text: "Interrupted by user before the agent started.", isError: true };

  const sessionId = randomUUID();
  let log: SessionLog | undefined;
  try {
    const resolveModel = options.resolveModel ?? resolveSubagentModel;
    const chosen = resolveModel(request.model ?? definition.model, options.model);
    const { model, provider } =
      typeof chosen === "string" ? { model: chosen, provider: options.provider } : chosen;
    if (options.store !== undefined) {
      log = await options.store.create({
        type: "header",
        version: SESSION_FORMAT_VERSION,
        sessionId,
        cwd: options.cwd,
        model,
        created: new Date().toISOString(),
        parentSessionId: options.parentSessionId,
      });
      await options.parentLog?.append({
        type: "subagent",
        toolUseId: request.toolUseId,
        sessionId,
        path: log.location,
      });
    }
    const maxTurns = Math.min(
      definition.maxTurns ?? Number.POSITIVE_INFINITY,
      options.maxTurns ?? DEFAULT_MAX_TURNS,
    );
    const agent = new Agent({
      ...options.agentOptions,
      sessionId,
      provider,
      model,
      system: `${definition.systemPrompt}\n\n${options.environment ?? environmentLines(options.cwd)}`,
      ...(options.context === undefined ? {} : { context: options.context }),
      tools: new ToolRegistry(subagentTools(options, definition, request.toolUseId, sessionId, log)),
      policy: subagentPolicy(options.policy),
      cwd: options.cwd,
      ...(log === undefined ? {} : { log }),
      maxTurns,
      parentToolUseId: request.toolUseId,
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    });
    const result = await agent.run(request.prompt, { signal: request.signal });
    if (!result.isError) return { text: result.result, sessionId };
    const last = lastAssistantText(agent);
    const partial = last === "" ? "" : `\n\nIts last message before stopping:\n${last}`;
    return {
      text: `The ${definition.name} agent did not finish: ${result.result}${partial}`,
      isError: true,
      sessionId,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { text: `The ${definition.name} agent could not run: ${message}`, isError: true, sessionId };
  } finally {
    await log?.close().catch(() => undefined);
    releaseSlot();
  }
}

/** The type's tools; TodoWrite saves into the sub-agent's own session; Agent only below the depth limit. */
function subagentTools(
  options: SubagentRunnerOptions,
  definition: AgentDefinition,
  toolUseId: string,
  sessionId: string,
  log: SessionLog | undefined,
): Tool[] {
  const emit = (body: AgentEventBody) =>
    options.onEvent?.({ ...body, sessionId, parentToolUseId: toolUseId } as AgentEvent);
  const own: Tool[] = [
    createTodoWriteTool({
      onTodos: async (todos) => {
        await log?.append({ type: "todos", todos });
        emit({ type: "todos", todos });
      },
    }),
  ];
  const depth = options.depth ?? 1;
  if (depth < (options.maxDepth ?? 1)) {
    const { parentLog: _grandparent, ...inherited } = options;
    const nested = createSubagentRunner({
      ...inherited,
      depth: depth + 1,
      parentSessionId: sessionId,
      ...(log === undefined ? {} : { parentLog: log }),
    });
    own.push(
      createAgentTool({
        runSubagent: nested,
        agentTypes: agentTypeInfos(options.definitions),
        ...(options.startBackground === undefined ? {} : { startBackground: options.startBackground }),
      }),
    );
  }
  return selectSubagentTools(options.createTools(), own, definition, options.toolAllowed ?? (() => true));
}

function environmentLines(cwd: string): string {
  return `Workspace: ${cwd}\nOS: ${platform()} ${release()}`;
}

function lastAssistantText(agent: Agent): string {
  for (let i = agent.messages.length - 1; i >= 0; i--) {
    const message = agent.messages[i];
    if (message?.role !== "assistant") continue;
    const text = message.content
      .filter((b): b is TextBlock => b.type === "text")
      .map((b) => b.text)
      .join("")
      .trim();
    if (text !== "") return text;
  }
  return "";
}
