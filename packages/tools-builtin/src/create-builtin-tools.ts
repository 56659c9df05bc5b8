import type { TaskManager } from "@keel/tasks";
import type { Tool } from "@keel/tools";
import { type AgentToolOptions, createAgentTool } from "./agent/agent-tool.js";
import { type BashSandbox, createBashTool } from "./bash/bash-tool.js";
import { createEditTool } from "./edit/edit-tool.js";
import { createMultiEditTool } from "./edit/multi-edit-tool.js";
import { createGlobTool } from "./glob/glob-tool.js";
import { createGrepTool } from "./grep/grep-tool.js";
import { createNotebookEditTool } from "./notebook-edit/notebook-edit-tool.js";
import { createReadTool } from "./read/read-tool.js";
import { createBashOutputTool, createTaskOutputTool } from "./task-output/task-output-tool.js";
import { createKillShellTool, createTaskStopTool } from "./task-stop/task-stop-tool.js";
import { createTodoWriteTool, type TodoWriteToolOptions } from "./todo-write/todo-write-tool.js";
import type { FetchFunction } from "./web-fetch/fetch-page.js";
import { createWebFetchTool } from "./web-fetch/web-fetch-tool.js";
import { createWriteTool } from "./write/write-tool.js";

export interface BuiltinToolsOptions {
  /** Base environment for Bash commands (provider secrets are removed). */
  env: Record<string, string | undefined>;
  /** Shell for Bash. Default `/bin/bash`. */
  shell?: string;
  /** ripgrep binary for Grep. Default `rg` on PATH. */
  rgPath?: string;
  /** `fetch` for WebFetch. Default the global one. */
  fetch?: FetchFunction;
  /** Run Bash inside this sandbox (see `probeBubblewrap`). */
  sandbox?: BashSandbox;
  /** Enables Bash `run_in_background` and adds TaskOutput and TaskStop. */
  tasks?: TaskManager;
  /** With `tasks`: also add the pre-2026 names BashOutput and KillShell. Default false. */
  legacyTaskToolNames?: boolean;
  /** Adds TodoWrite, saving lists through `onTodos`. */
  todoWrite?: TodoWriteToolOptions;
  /** Adds Agent (sub-agents), running them through `runSubagent`. */
  agent?: AgentToolOptions;
}

/**
 * The built-in tools, in the order the model sees them: Bash, Read, Write, Edit, MultiEdit,
 * Glob, Grep, WebFetch, NotebookEdit, then TaskOutput and TaskStop (with `tasks`), TodoWrite and
 * Agent when their options are given.
 * Bash keeps its working directory in the instance, so create one set per session.
 */
export function createBuiltinTools(options: BuiltinToolsOptions): Tool[] {
  return [
    createBashTool({
      env: options.env,
      ...(options.shell === undefined ? {} : { shell: options.shell }),
      ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
      ...(options.tasks === undefined ? {} : { tasks: options.tasks }),
    }),
    createReadTool(),
    createWriteTool(),
    createEditTool(),
    createMultiEditTool(),
    createGlobTool(),
    createGrepTool(options.rgPath === undefined ? {} : { rgPath: options.rgPath }),
    createWebFetchTool(options.fetch === undefined ? {} : { fetch: options.fetch }),
    createNotebookEditTool(),
    ...taskTools(options),
    ...(options.todoWrite === undefined ? [] : [createTodoWriteTool(options.todoWrite)]),
    ...(options.agent === undefined ? [] : [createAgentTool(options.agent)]),
  ];
}

/** TaskOutput and TaskStop (and their old names when asked) when there is a task manager. */
function taskTools(options: BuiltinToolsOptions): Tool[] {
  const tasks = options.tasks;
  if (tasks === undefined) return [];
  const tools = [createTaskOutputTool({ tasks }), createTaskStopTool({ tasks })];
  if (options.legacyTaskToolNames === true)
    tools.push(createBashOutputTool({ tasks }), createKillShellTool({ tasks }));
  return tools;
}
