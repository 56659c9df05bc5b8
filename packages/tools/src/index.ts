export { defineTool } from "./define-tool.js";
export { createFileStateTracker, type FileReadState, type FileStateTracker } from "./file-state.js";
export type { InputValidation } from "./input-schema.js";
export { toInputJsonSchema, validateToolInput } from "./input-schema.js";
export type { RequiredLevelContext, Tool, ToolContext, ToolOutput } from "./tool.js";
export type {
  AfterToolCall,
  BeforeToolCall,
  BeforeToolCallVerdict,
  ToolCallInfo,
} from "./tool-call-hooks.js";
export type { ToolErrorKind } from "./tool-error.js";
export { ToolError } from "./tool-error.js";
export { ToolRegistry } from "./tool-registry.js";
export type { ToolRunContext, ToolRunnerOptions } from "./tool-runner.js";
export { INTERRUPTED_MESSAGE, ToolRunner } from "./tool-runner.js";
export { truncateMiddle } from "./truncate-middle.js";
