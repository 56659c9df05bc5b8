import { z } from "zod";

const count = z.number().int().min(0);

export const grepInputSchema = z.strictObject({
  pattern: z.string().describe("Regular expression (ripgrep syntax)"),
  path: z.string().optional().describe("File or directory to search (default: the working directory)"),
  glob: z.string().optional().describe('Only files matching this glob, e.g. "*.{ts,tsx}"'),
  type: z.string().optional().describe("Only files of this rg type, e.g. js, py, rust"),
  output_mode: z
    .enum(["files_with_matches", "content", "count"])
    .optional()
    .describe("files_with_matches (default), content (matching lines) or count (per file)"),
  "-i": z.boolean().optional().describe("Case-insensitive"),
  "-n": z.boolean().optional().describe("Line numbers in content mode (default true)"),
  "-A": count.optional().describe("Lines after each match (content mode)"),
  "-B": count.optional().describe("Lines before each match (content mode)"),
  "-C": count.optional().describe("Lines before and after each match (content mode)"),
  context: count.optional().describe("Same as -C"),
  head_limit: count.optional().describe("Return at most this many lines/entries (default 250, 0 = no limit)"),
  offset: count.optional().describe("Skip this many lines/entries first (for paging)"),
  multiline: z.boolean().optional().describe("Let patterns span lines (. matches newlines)"),
});

export type GrepInput = z.infer<typeof grepInputSchema>;
export type GrepOutputMode = NonNullable<GrepInput["output_mode"]>;

/**
 * rg's argument list. No shell ever sees it, and `--` ends the options so a pattern such as
 * `-e` or `--pre=sh` is a pattern. `--no-config` keeps a user's RIPGREP_CONFIG_PATH out.
 */
export function ripgrepArgs(
  input: GrepInput,
  searchPath: string,
  options: { sorted?: boolean } = {},
): string[] {
  const mode: GrepOutputMode = input.output_mode ?? "files_with_matches";
  const args = ["--no-config", "--color", "never"];
  if (mode === "files_with_matches") args.push("--files-with-matches");
  else if (mode === "count") args.push("--count", "--with-filename");
  else {
    // The order must be the same on every call (offset/head_limit paging): either rg sorts
    // (single-threaded) or the caller regroups a parallel run's `--null` output by path.
    args.push("--with-filename", "--max-columns", "500", "--max-columns-preview");
    args.push(...(options.sorted === false ? ["--null"] : ["--sort", "path"]));
    args.push(input["-n"] === false ? "--no-line-number" : "--line-number");
    const around = input.context ?? input["-C"];
    if (around !== undefined) args.push("--context", String(around));
    if (input["-A"] !== undefined) args.push("--after-context", String(input["-A"]));
    if (input["-B"] !== undefined) args.push("--before-context", String(input["-B"]));
  }
  if (input["-i"] === true) args.push("--ignore-case");
  if (input.multiline === true) args.push("--multiline", "--multiline-dotall");
  if (input.glob !== undefined) args.push("--glob", input.glob);
  if (input.type !== undefined) args.push("--type", input.type);
  args.push("--", input.pattern, searchPath);
  return args;
}
