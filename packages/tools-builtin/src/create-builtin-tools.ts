import type { Tool } from "@keel/tools";
import { type BashSandbox, createBashTool } from "./bash/bash-tool.js";
import { createEditTool } from "./edit/edit-tool.js";
import { createMultiEditTool } from "./edit/multi-edit-tool.js";
import { createGlobTool } from "./glob/glob-tool.js";
import { createGrepTool } from "./grep/grep-tool.js";
import { createNotebookEditTool } from "./notebook-edit/notebook-edit-tool.js";
import { createReadTool } from "./read/read-tool.js";
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
}

/**
 * The built-in tools, in the order the model sees them: Bash, Read, Write, Edit, MultiEdit,
 * Glob, Grep, WebFetch, NotebookEdit. Bash keeps its working directory in the instance, so
 * create one set per session.
 */
export function createBuiltinTools(options: BuiltinToolsOptions): Tool[] {
  return [
    createBashTool({
      env: options.env,
      ...(options.shell === undefined ? {} : { shell: options.shell }),
      ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
    }),
    createReadTool(),
    createWriteTool(),
    createEditTool(),
    createMultiEditTool(),
    createGlobTool(),
    createGrepTool(options.rgPath === undefined ? {} : { rgPath: options.rgPath }),
    createWebFetchTool(options.fetch === undefined ? {} : { fetch: options.fetch }),
    createNotebookEditTool(),
  ];
}
