import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { z } from "zod";
import { relativePathError } from "../absolute-path.js";
import { canonicalPath, describePath } from "../canonical-path.js";
import { recordWrittenFile } from "../file-state/record-file-state.js";
import { requireFreshRead } from "../file-state/require-fresh-read.js";
import { resolveExistingFile } from "../file-state/resolve-existing-file.js";
import { pathLevel } from "../path-level.js";
import { fileUsesCrlf, withCrlf } from "./line-endings.js";
import { writeFileAtomic } from "./write-file-atomic.js";

const DESCRIPTION = `Writes a file, replacing it if it exists and creating parent directories.
- file_path must be an absolute path.
- An existing file must have been read in full with Read first.
- An existing file keeps its mode and its line endings (CRLF files get CRLF).
- Prefer Edit for changes to existing files.`;

const inputSchema = z.strictObject({
  file_path: z.string().describe("Absolute path of the file to write"),
  content: z.string().describe("The full content to write"),
});

function countLines(content: string): number {
  if (content.length === 0) return 0;
  const newlines = content.split("\n").length - 1;
  return content.endsWith("\n") ? newlines : newlines + 1;
}

export function createWriteTool(): Tool {
  return defineTool<z.infer<typeof inputSchema>>({
    name: "Write",
    description: DESCRIPTION,
    inputSchema,
    readOnly: false,
    requiredLevel: (input, ctx) => pathLevel(input.file_path, ctx, { access: "write" }),
    async call(input, ctx): Promise<ToolOutput> {
      const relative = relativePathError(input.file_path, ctx.cwd);
      if (relative !== undefined) return { content: relative, isError: true };
      if (ctx.signal.aborted)
        return { content: "Write was interrupted; the file was not changed.", isError: true };
      try {
        // The path the permission check judged; all I/O below uses it, never input.file_path.
        const canonical = await canonicalPath(input.file_path, ctx.cwd);
        const existing = await resolveExistingFile(canonical);
        if (existing.kind === "not_a_file") {
          const what = existing.isDirectory ? "is a directory" : "is not a regular file";
          return { content: `Cannot write ${input.file_path}: it ${what}.`, isError: true };
        }
        if (existing.kind === "file") {
          const stale = await requireFreshRead({
            path: existing.path,
            displayPath: input.file_path,
            fileState: ctx.fileState,
            allowPartial: false,
            action: "overwrite",
            signal: ctx.signal,
          });
          if (stale !== undefined) return { content: stale, isError: true };
        }
        const crlf = existing.kind === "file" && (await fileUsesCrlf(existing.path));
        const data = Buffer.from(crlf ? withCrlf(input.content) : input.content, "utf8");
        const { created, bytes, path } = await writeFileAtomic(canonical, data);
        await recordWrittenFile(ctx.fileState, path, data, false);
        const lines = countLines(input.content);
        const verb = created ? "Created" : "Overwrote";
        const where = describePath(input.file_path, path, ctx.cwd);
        return {
          content: `${verb} ${where} (${bytes} bytes, ${lines} ${lines === 1 ? "line" : "lines"}${crlf ? ", CRLF line endings kept" : ""}).`,
        };
      } catch (error) {
        return { content: `Could not write ${input.file_path}: ${(error as Error).message}`, isError: true };
      }
    },
  });
}
