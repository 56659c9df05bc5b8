export type { BashToolOptions } from "./bash/bash-tool.js";
export { createBashTool } from "./bash/bash-tool.js";
export { buildChildEnv, isSecretEnvName } from "./bash/child-env.js";
export type { BuiltinToolsOptions } from "./create-builtin-tools.js";
export { createBuiltinTools } from "./create-builtin-tools.js";
export type { ReadToolOptions } from "./read/read-tool.js";
export { createReadTool } from "./read/read-tool.js";
export { createWriteTool } from "./write/write-tool.js";
