import { stat } from "node:fs/promises";
import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { canonicalPath } from "../canonical-path.js";
import { pathLevel } from "../path-level.js";
import { ContentGroups } from "./content-groups.js";
import { type GrepInput, grepInputSchema, ripgrepArgs } from "./grep-input.js";
import { LinePage } from "./page-lines.js";
import { type RipgrepRun, runRipgrep } from "./run-ripgrep.js";

export interface GrepToolOptions {
  /** The ripgrep binary. Default `rg` on PATH. */
  rgPath?: string;
  /** head_limit when the model gives none. Default 250. */
  defaultHeadLimit?: number;
  /** Output budget in characters; paging notes tell the model how to continue. Default 30000. */
  maxOutputChars?: number;
}

const DESCRIPTION = `Searches file contents with ripgrep (regex syntax; respects .gitignore; hidden files skipped).
- output_mode: files_with_matches (default; paths, newest first), content (matching lines as path:line:text, with -A/-B/-C context) or count.
- Filter with glob or type. head_limit and offset page through results.
- Use this instead of grep or rg in Bash.`;

const MISSING_RG = "ripgrep (rg) is not installed: install it (e.g. apt-get install ripgrep).";

/** Content-mode output held in memory to sort a parallel run; beyond it rg sorts (slower). */
const CONTENT_BUFFER_CHARS = 16_000_000;

/** At most this many concurrent stats when ordering files by mtime. */
const STAT_CONCURRENCY = 32;

async function newestFirst(paths: string[]): Promise<string[]> {
  const mtimes = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      mtimes.set(
        path,
        await stat(path).then(
          (info) => info.mtimeMs,
          () => 0,
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, paths.length) }, worker));
  return [...paths].sort(
    (a, b) => (mtimes.get(b) ?? 0) - (mtimes.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
  );
}

function runFailure(run: Exclude<RipgrepRun, { kind: "done" }>): ToolOutput {
  if (run.kind === "missing") return { content: MISSING_RG, isError: true };
  if (run.kind === "interrupted") return { content: "Grep was interrupted.", isError: true };
  return { content: `Could not run ripgrep: ${run.message}`, isError: true };
}

/** rg exit 2 with output means some files could not be read: keep the results, mention it. */
function warning(run: { exitCode: number; stderr: string }): string {
  if (run.exitCode !== 2 || run.stderr.trim() === "") return "";
  return `\n\n(ripgrep reported errors: ${run.stderr.trim().split("\n").slice(0, 3).join("; ")})`;
}

export function createGrepTool(options: GrepToolOptions = {}): Tool {
  const rgPath = options.rgPath ?? "rg";
  const defaultHeadLimit = options.defaultHeadLimit ?? 250;
  const maxOutputChars = options.maxOutputChars ?? 30_000;
  return defineTool<GrepInput>({
    name: "Grep",
    description: DESCRIPTION,
    inputSchema: grepInputSchema,
    readOnly: true,
    maxOutputChars: maxOutputChars + 1000,
    requiredLevel: (input, ctx) => pathLevel(input.path ?? ".", ctx, { access: "search" }),
    async call(input, ctx): Promise<ToolOutput> {
      // The path the permission check judged (symlinks and `..` resolved); rg searches it.
      let searchPath: string;
      try {
        searchPath = await canonicalPath(input.path ?? ".", ctx.cwd);
      } catch (error) {
        return {
          content: `Cannot search ${input.path ?? ctx.cwd}: ${(error as Error).message}`,
          isError: true,
        };
      }
      try {
        await stat(searchPath);
      } catch {
        return { content: `Path does not exist: ${searchPath}.`, isError: true };
      }
      const mode = input.output_mode ?? "files_with_matches";
      const offset = input.offset ?? 0;
      const limit = input.head_limit ?? defaultHeadLimit;
      const page = new LinePage(offset, limit, maxOutputChars);
      const collected: string[] = [];
      const rg = (args: string[], onLine: (line: string) => void) =>
        runRipgrep({ rgPath, args, cwd: ctx.cwd, signal: ctx.signal, onLine });
      let run: RipgrepRun;
      if (mode === "content") {
        // Parallel rg, regrouped by path in memory; a huge output re-runs rg sorted, streaming.
        const groups = new ContentGroups(CONTENT_BUFFER_CHARS);
        run = await rg(ripgrepArgs(input, searchPath, { sorted: false }), (line) => groups.add(line));
        if (run.kind === "done" && groups.overflowed) {
          run = await rg(ripgrepArgs(input, searchPath, { sorted: true }), (line) => page.add(line));
        } else {
          const context = [input.context, input["-C"], input["-A"], input["-B"]].some((n) => (n ?? 0) > 0);
          for (const line of groups.sortedLines(context)) page.add(line);
        }
      } else {
        run = await rg(ripgrepArgs(input, searchPath), (line) => collected.push(line));
      }
      if (run.kind !== "done") return runFailure(run);
      const hasOutput = mode === "content" ? page.total > 0 : collected.length > 0;
      if (run.exitCode === 1 || (run.exitCode === 0 && !hasOutput)) {
        return { content: `No matches found for ${JSON.stringify(input.pattern)} in ${searchPath}.` };
      }
      if (run.exitCode !== 0 && !hasOutput) {
        // rg's own hint names its -U flag; the model's knob is `multiline`.
        const hint =
          input.multiline !== true && run.stderr.includes("--multiline")
            ? "\nSet multiline: true to match across lines."
            : "";
        const reason = run.stderr.trim() || `exit code ${run.exitCode}`;
        return { content: `ripgrep failed: ${reason}${hint}`, isError: true };
      }

      if (mode === "content") {
        return { content: `${page.lines.join("\n")}${page.note("lines")}${warning(run)}` };
      }
      if (mode === "files_with_matches") {
        for (const path of await newestFirst(collected)) page.add(path);
        const found = `Found ${page.total} ${page.total === 1 ? "file" : "files"}`;
        return { content: `${found}\n${page.lines.join("\n")}${page.note("files")}${warning(run)}` };
      }
      let matches = 0;
      const counts = collected
        .map((line) => {
          const colon = line.lastIndexOf(":");
          const n = Number(line.slice(colon + 1));
          matches += Number.isFinite(n) ? n : 0;
          return line;
        })
        .sort();
      for (const line of counts) page.add(line);
      const summary = `\n\nFound ${matches} matching ${matches === 1 ? "line" : "lines"} in ${counts.length} ${counts.length === 1 ? "file" : "files"}.`;
      return { content: `${page.lines.join("\n")}${page.note("files")}${summary}${warning(run)}` };
    },
  });
}
