import { open, stat } from "node:fs/promises";
import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { z } from "zod";
import { relativePathError } from "../absolute-path.js";
import { canonicalPath } from "../canonical-path.js";
import { hashContent, hashFile } from "../file-state/hash-file.js";
import { pathLevel } from "../path-level.js";
import { IMAGE_SNIFF_BYTES, imageTypeFromBytes, imageTypeFromExtension } from "./detect-image.js";
import { readImage } from "./read-image.js";
import { readLines } from "./read-lines.js";

export interface ReadToolOptions {
  /** Lines returned when `limit` is not given. Default 2000. */
  defaultLimit?: number;
  /** Longer lines are cut. Default 2000. */
  maxLineChars?: number;
  /** Output budget in characters (~25k tokens); the rest is left for a follow-up read. Default 100000. */
  maxOutputChars?: number;
  /** Largest image sent, as base64 bytes. Default 5 MB (the Anthropic API's limit). */
  maxImageBytes?: number;
}

const BINARY_SNIFF_BYTES = 8192;

const DESCRIPTION = `Reads a file from the local filesystem.
- file_path must be an absolute path.
- Returns up to 2000 lines from offset (1-based line number; default 1), in cat -n format: line number, tab, line. Use offset and limit to page through long files.
- Lines longer than 2000 characters are truncated.
- Images (png, jpg, gif, webp) are returned as images.
- Cannot read directories (use Bash ls) or other binary files.`;

const inputSchema = z.strictObject({
  file_path: z.string().describe("Absolute path of the file to read"),
  offset: z.number().int().min(0).optional().describe("Line number to start reading from (1-based)"),
  limit: z.number().int().positive().optional().describe("Number of lines to read"),
});

export function createReadTool(options: ReadToolOptions = {}): Tool {
  const defaultLimit = options.defaultLimit ?? 2000;
  const maxLineChars = options.maxLineChars ?? 2000;
  const maxOutputChars = options.maxOutputChars ?? 100_000;
  const maxImageBytes = options.maxImageBytes ?? 5 * 1024 * 1024;
  return defineTool<z.infer<typeof inputSchema>>({
    name: "Read",
    description: DESCRIPTION,
    inputSchema,
    readOnly: true,
    // Our own output is bounded and paged; leave room for the notes.
    maxOutputChars: maxOutputChars + 1000,
    requiredLevel: (input, ctx) => pathLevel(input.file_path, ctx, { access: "read" }),
    async call(input, ctx): Promise<ToolOutput> {
      const path = input.file_path;
      const relative = relativePathError(path, ctx.cwd);
      if (relative !== undefined) return { content: relative, isError: true };

      // The path the permission check judged (symlinks and `..` resolved); all I/O uses it.
      let realPath: string;
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        realPath = await canonicalPath(path, ctx.cwd);
        info = await stat(realPath);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") {
          return {
            content: `File does not exist: ${path}. Check the path (the working directory is ${ctx.cwd}).`,
            isError: true,
          };
        }
        return { content: `Cannot read ${path}: ${(error as Error).message}`, isError: true };
      }
      if (info.isDirectory()) {
        return { content: `${path} is a directory, not a file. List it with Bash (ls).`, isError: true };
      }
      if (!info.isFile()) return { content: `${path} is not a regular file.`, isError: true };
      const mtimeMs = info.mtimeMs;
      if (info.size === 0) {
        ctx.fileState.record({ path: realPath, mtimeMs, sha256: hashContent(""), partial: false });
        return { content: `The file ${path} exists but is empty.` };
      }
      const head = await readHead(realPath);
      const imageType = imageTypeFromBytes(head) ?? imageTypeFromExtension(path);
      if (imageType !== undefined) {
        if (imageTypeFromBytes(head) === undefined) {
          return {
            content: `Cannot read ${path}: its name says ${imageType} but its content is not a valid image.`,
            isError: true,
          };
        }
        const image = await readImage(realPath, imageType, info.size, maxImageBytes);
        if (image.bytes !== undefined) {
          ctx.fileState.record({ path: realPath, mtimeMs, sha256: hashContent(image.bytes), partial: false });
        }
        return image.output;
      }
      if (head.includes(0)) {
        return {
          content: `Cannot read ${path}: it looks like a binary file (it contains NUL bytes). Read only reads text files and images.`,
          isError: true,
        };
      }

      const offset = Math.max(1, input.offset ?? 1);
      // The hash covers the whole file even when only a page is shown: edits check the whole file.
      const [result, sha256] = await Promise.all([
        readLines(realPath, {
          offset,
          limit: input.limit ?? defaultLimit,
          maxLineChars,
          maxChars: maxOutputChars,
          signal: ctx.signal,
        }),
        hashFile(realPath, ctx.signal),
      ]);
      ctx.fileState.record({ path: realPath, mtimeMs, sha256, partial: offset > 1 || result.more });
      if (result.lines.length === 0) {
        return {
          content: `The file ${path} has ${result.linesSeen} lines; offset ${offset} is past the end. Use a smaller offset.`,
        };
      }
      const body = result.lines.map((line, i) => `${String(offset + i).padStart(6)}\t${line}`).join("\n");
      if (!result.more) return { content: body };
      const next = offset + result.lines.length;
      const why = result.hitCharLimit ? `Output was limited to ${maxOutputChars} characters; the` : "The";
      return {
        content: `${body}\n\n(${why} file has more lines. To read further, call Read with offset ${next}.)`,
      };
    },
  });
}

/** The first bytes of a file: enough to tell images and binary files apart from text. */
async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(Math.max(BINARY_SNIFF_BYTES, IMAGE_SNIFF_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
