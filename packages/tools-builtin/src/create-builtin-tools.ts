import type { Tool } from "@keel/tools";
import { createBashTool } from "./bash/bash-tool.js";
import { createReadTool } from "./read/read-tool.js";
import { createWriteTool } from "./write/write-tool.js";

export interface BuiltinToolsOptions {
  /** Base environment for Bash commands (provider secrets are removed). */
  env: Record<string, string | undefined>;
  /** Shell for Bash. Default `/bin/bash`. */
  shell?: string;
}

/** The built-in tools of this slice, in the order the model sees them: Bash, Read, Write. */
export function createBuiltinTools(options: BuiltinToolsOptions): Tool[] {
  return [
    createBashTool(
      options.shell === undefined ? { env: options.env } : { env: options.env, shell: options.shell },
    ),
    createReadTool(),
    createWriteTool(),
  ];
}
