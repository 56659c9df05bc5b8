import type { AgentOptions, SessionLog } from "@keel/core";
import type { PermissionPolicy, RuleSet } from "@keel/permissions";
import type { AgentEvent, TodoItem } from "@keel/protocol";
import type { ModelProvider } from "@keel/provider";
import type { TaskManager } from "@keel/tasks";
import { ToolRegistry } from "@keel/tools";
import { type BashSandbox, createBuiltinTools } from "@keel/tools-builtin";
import { type AgentDefinition, agentTypeInfos } from "../agents/agent-definition.js";
import { backgroundSubagentStarter } from "../subagents/background-subagents.js";
import { createSubagentRunner } from "../subagents/create-subagent-runner.js";
import { subagentSessionStore } from "../subagents/subagent-session-store.js";

export interface SessionToolsOptions {
  env: Record<string, string | undefined>;
  sandbox: BashSandbox | undefined;
  rules: Pick<RuleSet, "removesTool">;
  tasks: TaskManager;
  log: SessionLog | undefined;
  sessionId: string;
  cwd: string;
  context: string;
  provider: ModelProvider;
  model: string;
  policy: PermissionPolicy;
  definitions: readonly AgentDefinition[];
  agentOptions: Pick<AgentOptions, "retry" | "price" | "maxTokens">;
  onEvent: ((event: AgentEvent) => void) | undefined;
  /** The todo list a resumed session ended with. */
  todos: TodoItem[];
}

export interface SessionTools {
  registry: ToolRegistry;
  /** The current todo list (re-injected after a compaction). */
  todos(): readonly TodoItem[];
}

/**
 * One session's tools: the built-ins (Bash bound to the task manager for background commands),
 * TodoWrite saving to the session, and Agent running sub-agents with their own sessions. A
 * bare-name deny rule removes a tool, here and in sub-agents.
 */
export function createSessionTools(options: SessionToolsOptions): SessionTools {
  const toolAllowed = (name: string) => options.rules.removesTool(name) === undefined;
  const base = () =>
    createBuiltinTools({ env: options.env, ...(options.sandbox ? { sandbox: options.sandbox } : {}) });
  let todos = options.todos;
  const onTodos = async (next: TodoItem[]) => {
    todos = next;
    await options.log?.append({ type: "todos", todos: next });
    options.onEvent?.({ type: "todos", todos: next, sessionId: options.sessionId, parentToolUseId: null });
  };
  const runSubagent = createSubagentRunner({
    definitions: options.definitions,
    provider: options.provider,
    model: options.model,
    policy: options.policy,
    createTools: base,
    toolAllowed,
    parentSessionId: options.sessionId,
    cwd: options.cwd,
    context: options.context,
    agentOptions: options.agentOptions,
    ...(options.log ? { store: subagentSessionStore(options.log.location), parentLog: options.log } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const tools = createBuiltinTools({
    env: options.env,
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    tasks: options.tasks,
    todoWrite: { onTodos },
    agent: {
      runSubagent,
      agentTypes: agentTypeInfos(options.definitions),
      startBackground: backgroundSubagentStarter(options.tasks),
    },
  }).filter((tool) => toolAllowed(tool.name));
  return { registry: new ToolRegistry(tools), todos: () => todos };
}

/** The todo list as a reminder stored after a compaction (the summary may not carry it). */
export function todoReminder(todos: readonly TodoItem[]): string | undefined {
  if (todos.length === 0) return undefined;
  const lines = todos.map((t) => `- [${t.status}] ${t.content}`);
  return `<system-reminder>\nThe todo list (from TodoWrite) before the conversation was compacted:\n${lines.join("\n")}\n</system-reminder>`;
}
