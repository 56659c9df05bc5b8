import { namedAndCanonical } from "../paths/path-scope.js";
import { canonicalToolName } from "../rules/tool-names.js";
import { analyzeShellCommand, type ShellAnalysis } from "../shell/analyze-shell-command.js";
import type { CallAccess, PermissionRequest } from "../types.js";

export interface AccessContext {
  cwd: string;
  workspaceRoots: readonly string[];
  home: string;
}

/** A shell analysis as the policy's view of what the call touches. */
export function shellAccess(analysis: ShellAnalysis): CallAccess {
  return {
    reads: analysis.readPaths,
    writes: analysis.writePaths,
    recursiveReads: analysis.recursiveReadPaths,
    shell: {
      subcommands: analysis.subcommands,
      redirectWrites: analysis.redirectWrites,
      ...(analysis.parseError !== undefined ? { parseError: analysis.parseError } : {}),
      ...(analysis.opaqueCommand ? { opaqueCommand: true } : {}),
      ...(analysis.repositoryReadPaths.length > 0 ? { repositoryReads: analysis.repositoryReadPaths } : {}),
    },
  };
}

/**
 * The path a field names, as written (lexically resolved) and canonical (symlinks and `..`
 * resolved component by component: `up/../x` with `up` a link is judged where it leads).
 */
function pathField(input: Record<string, unknown>, field: string, cwd: string): string[] | undefined {
  const value = input[field];
  if (typeof value !== "string" || value === "") return undefined;
  return namedAndCanonical(value, cwd);
}

/**
 * What a call touches, from its input, for tools that don't say (Claude Code's field names):
 * `Read.file_path`, `Grep/Glob.path` (default: the cwd), `Write/Edit/MultiEdit.file_path`,
 * `NotebookEdit.notebook_path`; `Bash.command` is analysed with the bash parser.
 */
export async function deriveAccess(request: PermissionRequest, ctx: AccessContext): Promise<CallAccess> {
  const tool = canonicalToolName(request.toolName);
  const input = request.input;
  const access: CallAccess = { reads: [], writes: [], recursiveReads: [] };
  const add = (list: string[], paths: string[] | undefined) => {
    if (paths !== undefined) list.push(...paths);
  };
  switch (tool) {
    case "bash": {
      if (typeof input.command !== "string") return access;
      return shellAccess(await analyzeShellCommand(input.command, ctx));
    }
    case "read":
      add(access.reads, pathField(input, "file_path", ctx.cwd));
      return access;
    case "grep": {
      // Grep reads the content of every file below its path: a Read deny anywhere below counts.
      const path = pathField(input, "path", ctx.cwd) ?? [ctx.cwd];
      add(access.reads, path);
      add(access.recursiveReads, path);
      return access;
    }
    case "glob":
      add(access.reads, pathField(input, "path", ctx.cwd) ?? [ctx.cwd]);
      return access;
    case "write":
    case "edit":
    case "multiedit":
      add(access.writes, pathField(input, "file_path", ctx.cwd));
      return access;
    case "notebookedit":
      add(access.writes, pathField(input, "notebook_path", ctx.cwd));
      return access;
    default:
      return access;
  }
}
