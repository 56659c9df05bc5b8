import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createNotebookEditTool, createReadTool } from "../src/index.js";
import { removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterAll(removeWorkspaces);

const NOTEBOOK = {
  cells: [
    { cell_type: "markdown", id: "intro", metadata: {}, source: ["# Title\n", "text"] },
    {
      cell_type: "code",
      execution_count: 3,
      id: "calc",
      metadata: { tags: ["keep"] },
      outputs: [{ name: "stdout", output_type: "stream", text: ["2\n"] }],
      source: ["print(1 + 1)"],
    },
  ],
  metadata: { kernelspec: { display_name: "Python 3", language: "python", name: "python3" } },
  nbformat: 4,
  nbformat_minor: 5,
};

describe("NotebookEdit", () => {
  const ws = tempWorkspace();
  const read = createReadTool();
  const notebookEdit = createNotebookEditTool();
  const setup = async (name: string) => {
    const path = join(ws, name);
    writeFileSync(path, `${JSON.stringify(NOTEBOOK, null, 1)}\n`);
    const ctx = toolContext(ws);
    await read.call({ file_path: path }, ctx);
    return { path, ctx };
  };
  const load = (path: string) => JSON.parse(readFileSync(path, "utf8")) as typeof NOTEBOOK;

  it("replaces a code cell's source and clears its outputs, keeping the rest of the JSON", async () => {
    const { path, ctx } = await setup("replace.ipynb");
    const out = await notebookEdit.call(
      { notebook_path: path, cell_id: "calc", new_source: "x = 2\nprint(x)" },
      ctx,
    );
    expect(out).toEqual({ content: `Replaced the source of cell calc in ${path} (2 cells).` });
    const expected = structuredClone(NOTEBOOK);
    Object.assign(expected.cells[1] as object, {
      source: ["x = 2\n", "print(x)"],
      outputs: [],
      execution_count: null,
    });
    expect(readFileSync(path, "utf8")).toBe(`${JSON.stringify(expected, null, 1)}\n`);
  });

  it("inserts after a cell, or at the start without cell_id", async () => {
    const { path, ctx } = await setup("insert.ipynb");
    const after = await notebookEdit.call(
      {
        notebook_path: path,
        cell_id: "intro",
        new_source: "## Part",
        cell_type: "markdown",
        edit_mode: "insert",
      },
      ctx,
    );
    expect(text(after.content)).toMatch(/^Inserted markdown cell [0-9a-f]{8} after intro in /);
    await notebookEdit.call(
      { notebook_path: path, new_source: "import os", cell_type: "code", edit_mode: "insert" },
      ctx,
    );
    const cells = load(path).cells;
    expect(cells.map((c) => c.source)).toEqual([
      ["import os"],
      ["# Title\n", "text"],
      ["## Part"],
      ["print(1 + 1)"],
    ]);
    expect(cells[0]).toMatchObject({ cell_type: "code", execution_count: null, outputs: [], metadata: {} });
    expect(cells[0]?.id).toMatch(/^[0-9a-f]{8}$/);
  });

  it("deletes a cell, addressed by id or by index", async () => {
    const { path, ctx } = await setup("delete.ipynb");
    await notebookEdit.call({ notebook_path: path, cell_id: "1", new_source: "", edit_mode: "delete" }, ctx);
    expect(load(path).cells.map((c) => c.id)).toEqual(["intro"]);
    await notebookEdit.call(
      { notebook_path: path, cell_id: "intro", new_source: "", edit_mode: "delete" },
      ctx,
    );
    expect(load(path).cells).toEqual([]);
  });

  it("requires a read first and names the cells when cell_id is unknown", async () => {
    const path = join(ws, "unread.ipynb");
    writeFileSync(path, JSON.stringify(NOTEBOOK));
    const unread = await notebookEdit.call(
      { notebook_path: path, cell_id: "calc", new_source: "x" },
      toolContext(ws),
    );
    expect(unread.isError).toBe(true);
    expect(text(unread.content)).toContain("Read it first");
    const { path: readPath, ctx } = await setup("unknown.ipynb");
    const unknown = await notebookEdit.call(
      { notebook_path: readPath, cell_id: "nope", new_source: "x" },
      ctx,
    );
    expect(unknown).toEqual({ content: `No cell "nope" in ${readPath}. Cells: intro, calc.`, isError: true });
    const noType = await notebookEdit.call(
      { notebook_path: readPath, new_source: "x", edit_mode: "insert" },
      ctx,
    );
    expect(text(noType.content)).toContain("cell_type (code or markdown) is required");
  });

  it("refuses files that are not notebooks", async () => {
    const path = join(ws, "bad.ipynb");
    writeFileSync(path, "{ not json");
    const ctx = toolContext(ws);
    await read.call({ file_path: path }, ctx);
    const out = await notebookEdit.call({ notebook_path: path, cell_id: "0", new_source: "x" }, ctx);
    expect(out.isError).toBe(true);
    expect(text(out.content)).toContain("not valid JSON");
    expect(readFileSync(path, "utf8")).toBe("{ not json");
  });
});
