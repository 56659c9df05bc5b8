import { randomUUID } from "node:crypto";
import { z } from "zod";

/** The parts of an nbformat 4 notebook this tool touches; everything else is kept as parsed. */
const notebookSchema = z.looseObject({
  nbformat: z.literal(4),
  nbformat_minor: z.number().optional(),
  cells: z.array(
    z.looseObject({
      cell_type: z.string(),
      id: z.string().optional(),
      source: z.union([z.string(), z.array(z.string())]),
    }),
  ),
});

export interface NotebookCell {
  cell_type: string;
  id?: string;
  source: string | string[];
  [key: string]: unknown;
}

export interface Notebook {
  nbformat: 4;
  nbformat_minor?: number;
  cells: NotebookCell[];
  [key: string]: unknown;
}

export type CellType = "code" | "markdown";

/**
 * Parses notebook JSON. Returns the parsed object itself (not a copy rebuilt by zod) so key
 * order and unknown fields survive the round trip.
 */
export function parseNotebook(text: string): Notebook | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `the file is not valid JSON (${(error as Error).message})`;
  }
  const checked = notebookSchema.safeParse(json);
  if (!checked.success) return "it is not an nbformat 4 notebook (expected nbformat 4 and a cells array)";
  return json as Notebook;
}

/** Jupyter's on-disk form: one space of indent, a final newline. */
export function serializeNotebook(notebook: Notebook): string {
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

/** Source as Jupyter stores it: a list of lines, each but the last ending in "\n". */
export function toSourceLines(source: string): string[] {
  return source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A cell by its `id`, else by a 0-based index given as "3" or "cell-3". -1 when absent. */
export function findCell(notebook: Notebook, cellId: string): number {
  const byId = notebook.cells.findIndex((cell) => cell.id === cellId);
  if (byId !== -1) return byId;
  const index = /^(?:cell-)?(\d+)$/.exec(cellId)?.[1];
  if (index === undefined) return -1;
  const n = Number(index);
  return n < notebook.cells.length ? n : -1;
}

/** nbformat 4.5 added cell ids; older notebooks don't have them. */
function usesCellIds(notebook: Notebook): boolean {
  return (notebook.nbformat_minor ?? 0) >= 5;
}

/** A new cell with keys in nbformat's sorted order, so the file diffs like Jupyter's output. */
export function newCell(notebook: Notebook, cellType: CellType, source: string): NotebookCell {
  const id = usesCellIds(notebook) ? randomUUID().replace(/-/g, "").slice(0, 8) : undefined;
  if (cellType === "code") {
    return {
      cell_type: "code",
      execution_count: null,
      ...(id === undefined ? {} : { id }),
      metadata: {},
      outputs: [],
      source: toSourceLines(source),
    };
  }
  return {
    cell_type: "markdown",
    ...(id === undefined ? {} : { id }),
    metadata: {},
    source: toSourceLines(source),
  };
}

/** New source for a cell; a code cell loses its now-stale outputs and execution count. */
export function replaceCell(cell: NotebookCell, source: string, cellType: CellType | undefined): void {
  cell.source = toSourceLines(source);
  const type = cellType ?? cell.cell_type;
  if (type === "code") {
    cell.outputs = [];
    cell.execution_count = null;
  } else {
    delete cell.outputs;
    delete cell.execution_count;
  }
  cell.cell_type = type;
}

/** How the model can refer to a cell in messages: its id, or its index. */
export function cellLabel(notebook: Notebook, index: number): string {
  return notebook.cells[index]?.id ?? `cell-${index}`;
}
