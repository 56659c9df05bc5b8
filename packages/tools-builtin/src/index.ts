export type { AgentToolOptions } from "./agent/agent-tool.js";
export { createAgentTool } from "./agent/agent-tool.js";
export type {
  AgentTypeInfo,
  BackgroundSubagentTask,
  StartBackgroundSubagent,
  SubagentRequest,
  SubagentResult,
  SubagentRunner,
} from "./agent/subagent-runner.js";
export type { BashSandbox, BashToolOptions } from "./bash/bash-tool.js";
export { createBashTool } from "./bash/bash-tool.js";
export { buildChildEnv, isSecretEnvName } from "./bash/child-env.js";
export type { BuiltinToolsOptions } from "./create-builtin-tools.js";
export { createBuiltinTools } from "./create-builtin-tools.js";
export type { StringEdit } from "./edit/apply-edits.js";
export { createEditTool } from "./edit/edit-tool.js";
export { createMultiEditTool } from "./edit/multi-edit-tool.js";
export type { GlobToolOptions } from "./glob/glob-tool.js";
export { createGlobTool } from "./glob/glob-tool.js";
export type { GrepToolOptions } from "./grep/grep-tool.js";
export { createGrepTool } from "./grep/grep-tool.js";
export { createNotebookEditTool } from "./notebook-edit/notebook-edit-tool.js";
export type { ReadToolOptions } from "./read/read-tool.js";
export { createReadTool } from "./read/read-tool.js";
export {
  absentProtectedPathsIn,
  BubblewrapSandbox,
  GUARDED_ABSENT_PATHS,
  PROTECTED_WORKSPACE_PATHS,
  probeBubblewrap,
  protectedPathsIn,
  removeCreatedProtectedPaths,
} from "./sandbox/bubblewrap-sandbox.js";
export type { Sandbox, SandboxAvailability, SandboxPolicy } from "./sandbox/sandbox.js";
export type { TaskOutputToolOptions } from "./task-output/task-output-tool.js";
export { createBashOutputTool, createTaskOutputTool } from "./task-output/task-output-tool.js";
export type { TaskStopToolOptions } from "./task-stop/task-stop-tool.js";
export { createKillShellTool, createTaskStopTool } from "./task-stop/task-stop-tool.js";
export type { TodoWriteToolOptions } from "./todo-write/todo-write-tool.js";
export { createTodoWriteTool } from "./todo-write/todo-write-tool.js";
export type { FetchFunction } from "./web-fetch/fetch-page.js";
export type { WebFetchToolOptions } from "./web-fetch/web-fetch-tool.js";
export { createWebFetchTool } from "./web-fetch/web-fetch-tool.js";
export { createWriteTool } from "./write/write-tool.js";
