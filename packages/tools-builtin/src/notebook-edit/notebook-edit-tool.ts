import { readFile } from "node:fs/promises";
import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { z } from "zod";
import { relativePathError } from "../absolute-path.js";
import { canonicalPath } from "../canonical-path.js";
import { recordWrittenFile } from "../file-state/record-file-state.js";
import { requireFreshRead } from "../file-state/require-fresh-read.js";
import { resolveExistingFile } from "../file-state/resolve-existing-file.js";
import { pathLevel } from "../path-level.js";
import { writeFileAtomic } from "../write/write-file-atomic.js";
import { cellLabel, findCell, newCell, parseNotebook, replaceCell, serializeNotebook } from "./notebook.js";

const DESCRIPTION = `Edits a Jupyter notebook (.ipynb) cell: replace its source, insert a new cell after it (or at the start when cell_id is omitted), or delete it.
- The notebook must have been read with Read first. cell_id is the cell's id, or its 0-based index.
- Replacing a code cell clears its outputs.`;

const inputSchema = z.strictObject({
  notebook_path: z.string().describe("Absolute path of the .ipynb file"),
  new_source: z.string().describe("The new cell source (ignored for delete)"),
  cell_id: z.string().optional().describe("Cell to edit; for insert, the cell to insert after"),
  cell_type: z.enum(["code", "markdown"]).optional().describe("Cell type; required for insert"),
  edit_mode: z.enum(["replace", "insert", "delete"]).optional().describe("Default replace"),
});
type NotebookEditInput = z.infer<typeof inputSchema>;

function fail(message: string): ToolOutput {
  return { content: message, isError: true };
}

export function createNotebookEditTool(): Tool {
  return defineTool<NotebookEditInput>({
    name: "NotebookEdit",
    description: DESCRIPTION,
    inputSchema,
    readOnly: false,
    requiredLevel: (input, ctx) => pathLevel(input.notebook_path, ctx, { access: "write" }),
    async call(input, ctx): Promise<ToolOutput> {
      const path = input.notebook_path;
      const relative = relativePathError(path, ctx.cwd);
      if (relative !== undefined) return fail(relative.replace("file_path", "notebook_path"));
      if (!path.endsWith(".ipynb"))
        return fail(`${path} is not a notebook (.ipynb). Use Edit for other files.`);
      try {
        // The path the permission check judged; all I/O below uses it, never notebook_path.
        const existing = await resolveExistingFile(await canonicalPath(path, ctx.cwd));
        if (existing.kind !== "file") return fail(`Notebook does not exist: ${path}.`);
        const stale = await requireFreshRead({
          path: existing.path,
          displayPath: path,
          fileState: ctx.fileState,
          allowPartial: true,
          action: "edit",
          signal: ctx.signal,
        });
        if (stale !== undefined) return fail(stale);
        const notebook = parseNotebook(await readFile(existing.path, "utf8"));
        if (typeof notebook === "string") return fail(`Cannot edit ${path}: ${notebook}.`);

        const mode = input.edit_mode ?? "replace";
        let index = -1;
        if (input.cell_id !== undefined) {
          index = findCell(notebook, input.cell_id);
          if (index === -1) {
            const ids = notebook.cells.map((_, i) => cellLabel(notebook, i)).slice(0, 20);
            return fail(
              `No cell ${JSON.stringify(input.cell_id)} in ${path}. Cells: ${ids.join(", ") || "(none)"}.`,
            );
          }
        } else if (mode !== "insert") {
          return fail(`cell_id is required to ${mode} a cell.`);
        }

        let summary: string;
        if (mode === "insert") {
          if (input.cell_type === undefined)
            return fail("cell_type (code or markdown) is required to insert a cell.");
          const cell = newCell(notebook, input.cell_type, input.new_source);
          notebook.cells.splice(index + 1, 0, cell);
          const where = index === -1 ? "at the start" : `after ${cellLabel(notebook, index)}`;
          summary = `Inserted ${input.cell_type} cell ${cellLabel(notebook, index + 1)} ${where}`;
        } else if (mode === "delete") {
          summary = `Deleted cell ${cellLabel(notebook, index)}`;
          notebook.cells.splice(index, 1);
        } else {
          replaceCell(
            notebook.cells[index] as (typeof notebook.cells)[number],
            input.new_source,
            input.cell_type,
          );
          summary = `Replaced the source of cell ${cellLabel(notebook, index)}`;
        }
        if (ctx.signal.aborted) return fail(`NotebookEdit was interrupted; ${path} was not changed.`);
        const data = Buffer.from(serializeNotebook(notebook), "utf8");
        const written = await writeFileAtomic(existing.path, data);
        const partial = ctx.fileState.get(existing.path)?.partial === true;
        await recordWrittenFile(ctx.fileState, written.path, data, partial);
        return { content: `${summary} in ${path} (${notebook.cells.length} cells).` };
      } catch (error) {
        return fail(`Could not edit ${path}: ${(error as Error).message}`);
      }
    },
  });
}
