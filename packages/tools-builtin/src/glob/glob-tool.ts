import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { z } from "zod";
import { pathLevel } from "../path-level.js";
import { findFiles } from "./find-files.js";

export interface GlobToolOptions {
  /** Most paths returned. Default 100. */
  maxResults?: number;
}

const DESCRIPTION = `Finds files by glob pattern (e.g. "**/*.ts", "src/**/test-*.{js,ts}") and returns absolute paths, newest first.
- path: directory to search in (default: the working directory).
- Skips .git and node_modules; does not apply .gitignore. Use Grep to search file contents.`;

const inputSchema = z.strictObject({
  pattern: z.string().describe("Glob pattern to match files against"),
  path: z.string().optional().describe("Directory to search in; omit for the working directory"),
});
type GlobInput = z.infer<typeof inputSchema>;

/** The directory searched: `path` (resolved against cwd), or the static prefix of an absolute pattern. */
function searchRoot(input: GlobInput, cwd: string): string {
  if (input.path !== undefined) return resolve(cwd, input.path);
  if (!isAbsolute(input.pattern)) return cwd;
  const parts = input.pattern.split("/");
  const firstMagic = parts.findIndex((part) => /[*?[\]{}()!]/.test(part));
  return parts.slice(0, firstMagic === -1 ? parts.length - 1 : firstMagic).join("/") || "/";
}

export function createGlobTool(options: GlobToolOptions = {}): Tool {
  const maxResults = options.maxResults ?? 100;
  return defineTool<GlobInput>({
    name: "Glob",
    description: DESCRIPTION,
    inputSchema,
    readOnly: true,
    requiredLevel: (input, ctx) => pathLevel(searchRoot(input, ctx.cwd), ctx, "read"),
    async call(input, ctx): Promise<ToolOutput> {
      const base = input.path === undefined ? ctx.cwd : resolve(ctx.cwd, input.path);
      try {
        const info = await stat(base);
        if (!info.isDirectory()) {
          return {
            content: `path must be a directory, but ${base} is a file. Use its directory instead.`,
            isError: true,
          };
        }
      } catch {
        return { content: `Directory does not exist: ${base}.`, isError: true };
      }
      const { files, total } = await findFiles(input.pattern, base, maxResults, ctx.signal);
      if (total === 0) return { content: `No files found matching ${input.pattern} in ${base}.` };
      const list = files.map((file) => file.path).join("\n");
      if (total <= files.length) return { content: list };
      return {
        content: `${list}\n\n(Showing the ${files.length} newest of ${total} matching files. Use a more specific pattern or path to see the rest.)`,
      };
    },
  });
}
