import { stat } from "node:fs/promises";
import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { z } from "zod";
import { canonicalPath } from "../canonical-path.js";
import { pathLevel } from "../path-level.js";
import { findFiles } from "./find-files.js";
import { globSearch } from "./glob-search.js";

export interface GlobToolOptions {
  /** Most paths returned. Default 100. */
  maxResults?: number;
}

const DESCRIPTION = `Finds files by glob pattern (e.g. "**/*.ts", "src/**/test-*.{js,ts}") and returns absolute paths, newest first.
- path: directory to search in (default: the working directory). The pattern may start with ../ or be absolute; ".." is not allowed after a wildcard.
- Skips .git and node_modules; does not apply .gitignore. Use Grep to search file contents.`;

const inputSchema = z.strictObject({
  pattern: z.string().describe("Glob pattern to match files against"),
  path: z.string().optional().describe("Directory to search in; omit for the working directory"),
});
type GlobInput = z.infer<typeof inputSchema>;

export function createGlobTool(options: GlobToolOptions = {}): Tool {
  const maxResults = options.maxResults ?? 100;
  return defineTool<GlobInput>({
    name: "Glob",
    description: DESCRIPTION,
    inputSchema,
    readOnly: true,
    // The root comes from path *and* the pattern's static prefix: "../x/*" is checked as ../x.
    requiredLevel: (input, ctx) => pathLevel(globSearch(input, ctx.cwd).root, ctx, { access: "read" }),
    async call(input, ctx): Promise<ToolOutput> {
      const search = globSearch(input, ctx.cwd);
      if (search.error !== undefined) return { content: search.error, isError: true };
      let base: string;
      try {
        // The directory the permission check judged (symlinks and `..` resolved); glob searches it.
        base = await canonicalPath(search.root, ctx.cwd);
      } catch (error) {
        return { content: `Cannot search ${search.root}: ${(error as Error).message}`, isError: true };
      }
      const noMatch = { content: `No files found matching ${input.pattern} in ${base}.` };
      try {
        const info = await stat(base);
        if (!info.isDirectory()) {
          if (search.rootFromPattern) return noMatch;
          return {
            content: `path must be a directory, but ${base} is a file. Use its directory instead.`,
            isError: true,
          };
        }
      } catch {
        if (search.rootFromPattern) return noMatch;
        return { content: `Directory does not exist: ${base}.`, isError: true };
      }
      if (search.pattern === "") return noMatch;
      const { files, total } = await findFiles({
        pattern: search.pattern,
        base,
        limit: maxResults,
        signal: ctx.signal,
        patternAsWritten: input.pattern,
      });
      if (total === 0) return noMatch;
      const list = files.map((file) => file.path).join("\n");
      if (total <= files.length) return { content: list };
      return {
        content: `${list}\n\n(Showing the ${files.length} newest of ${total} matching files. Use a more specific pattern or path to see the rest.)`,
      };
    },
  });
}
