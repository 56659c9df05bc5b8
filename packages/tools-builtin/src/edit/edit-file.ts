import { readFile } from "node:fs/promises";
import type { ToolContext, ToolOutput } from "@keel/tools";
import { relativePathError } from "../absolute-path.js";
import { canonicalPath, describePath } from "../canonical-path.js";
import { recordWrittenFile } from "../file-state/record-file-state.js";
import { requireFreshRead } from "../file-state/require-fresh-read.js";
import { resolveExistingFile } from "../file-state/resolve-existing-file.js";
import { writeFileAtomic } from "../write/write-file-atomic.js";
import { applyEdits, type StringEdit } from "./apply-edits.js";
import { editSnippet } from "./edit-snippet.js";

/** Files larger than this are not loaded for editing. */
const MAX_EDIT_BYTES = 16 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function fail(message: string): ToolOutput {
  return { content: message, isError: true };
}

/**
 * The Edit/MultiEdit flow: check the read, apply every edit in memory, write once (atomic,
 * mode kept), record the new state. Any failure leaves the file byte-identical.
 */
export async function editFile(
  filePath: string,
  edits: readonly StringEdit[],
  label: (index: number) => string,
  ctx: ToolContext,
): Promise<ToolOutput> {
  const relative = relativePathError(filePath, ctx.cwd);
  if (relative !== undefined) return fail(relative);
  try {
    // The path the permission check judged; all I/O below uses it, never filePath.
    const canonical = await canonicalPath(filePath, ctx.cwd);
    const existing = await resolveExistingFile(canonical);
    if (existing.kind === "not_a_file") {
      return fail(
        `Cannot edit ${filePath}: it ${existing.isDirectory ? "is a directory" : "is not a regular file"}.`,
      );
    }
    let original = "";
    let partial = false;
    if (existing.kind === "missing") {
      if (edits[0]?.old_string !== "") {
        return fail(
          `File does not exist: ${filePath}. To create it, use Write (or Edit with an empty old_string).`,
        );
      }
    } else {
      const stale = await requireFreshRead({
        path: existing.path,
        displayPath: filePath,
        fileState: ctx.fileState,
        allowPartial: true,
        action: "edit",
        signal: ctx.signal,
      });
      if (stale !== undefined) return fail(stale);
      partial = ctx.fileState.get(existing.path)?.partial === true;
      const bytes = await readFile(existing.path);
      if (bytes.length > MAX_EDIT_BYTES) {
        return fail(
          `${filePath} is larger than 16 MB; Edit does not load files that big. Use Bash (e.g. sed) instead.`,
        );
      }
      try {
        original = utf8.decode(bytes);
      } catch {
        return fail(
          `Cannot edit ${filePath}: it is not valid UTF-8 text (editing it as text would corrupt it).`,
        );
      }
    }

    const applied = applyEdits(original, edits, label);
    if (!applied.ok) return fail(`${applied.message} ${filePath} was not changed.`);
    if (ctx.signal.aborted) return fail(`Edit was interrupted; ${filePath} was not changed.`);

    const data = Buffer.from(applied.content, "utf8");
    const { created, path } = await writeFileAtomic(canonical, data);
    await recordWrittenFile(ctx.fileState, path, data, partial);
    const { start, length } = applied.firstChange;
    const where = describePath(filePath, path, ctx.cwd);
    const what = created
      ? `Created ${where}.`
      : `Edited ${where} (${applied.replacements} ${applied.replacements === 1 ? "replacement" : "replacements"}).`;
    return { content: `${what}\n${editSnippet(applied.content, start, length)}` };
  } catch (error) {
    return fail(`Could not edit ${filePath}: ${(error as Error).message}`);
  }
}
