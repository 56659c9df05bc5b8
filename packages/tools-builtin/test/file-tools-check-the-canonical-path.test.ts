import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createEditTool,
  createGrepTool,
  createMultiEditTool,
  createNotebookEditTool,
  createReadTool,
  createWriteTool,
} from "../src/index.js";
import { levelOf, removeWorkspaces, requiredAccess, text, toolContext } from "./context.js";
import { escapeFixture } from "./symlink-escape-fixture.js";

afterAll(removeWorkspaces);

const edit = { old_string: "x = 1", new_string: "x = 2" };
const read = createReadTool();
const write = createWriteTool();
const tools = [
  { tool: read, field: "file_path", rest: {}, level: "read" },
  { tool: write, field: "file_path", rest: { content: "c" }, level: "write" },
  { tool: createEditTool(), field: "file_path", rest: edit, level: "write" },
  { tool: createMultiEditTool(), field: "file_path", rest: { edits: [edit] }, level: "write" },
  { tool: createNotebookEditTool(), field: "notebook_path", rest: { new_source: "y" }, level: "write" },
] as const;

describe("file tools judge the canonical path", () => {
  const { ws, outside, viaDotDot } = escapeFixture();
  const ctx = { cwd: ws };

  for (const { tool, field, rest, level } of tools) {
    it(`${tool.name}: a symlink to outside the workspace needs full`, async () => {
      const path = join(ws, tool.name === "NotebookEdit" ? "notebook-out.ipynb" : "link-out");
      expect(await levelOf(tool, { [field]: path, ...rest }, ctx)).toBe("full");
    });

    it(`${tool.name}: a symlink back to the workspace, then .., needs full`, async () => {
      const name = tool.name === "NotebookEdit" ? "notebook.ipynb" : "secret";
      const input = { [field]: `${viaDotDot}/${name}`, ...rest };
      expect(await levelOf(tool, input, ctx)).toBe("full");
      // Rules and protected paths see where the call really goes, next to the path as written.
      const access = await requiredAccess(tool, input, ctx);
      const paths = level === "read" ? access?.access?.reads : access?.access?.writes;
      expect(paths).toEqual([join(ws, "d1", "d2", "outside", name), join(outside, name)]);
    });

    it(`${tool.name}: a path inside the workspace keeps the ${level} level`, async () => {
      const input = { [field]: join(ws, "d1", "d2", "up", "d1", "file.ipynb"), ...rest };
      expect(await levelOf(tool, input, ctx)).toBe(level);
    });
  }

  it("Grep: a search path through a symlink and .. needs full", async () => {
    const grep = createGrepTool();
    expect(await levelOf(grep, { pattern: "s", path: "d1/d2/up/../outside" }, ctx)).toBe("full");
    const access = await requiredAccess(grep, { pattern: "s", path: "dir-out" }, ctx);
    expect(access?.level).toBe("full");
    expect(access?.access?.recursiveReads).toEqual([join(ws, "dir-out"), outside]);
  });

  it("Write puts the file where the check looked: the canonical path", async () => {
    const tctx = toolContext(ws);
    const out = await write.call({ file_path: `${viaDotDot}/written`, content: "w" }, tctx);
    expect(out).toEqual({
      content: `Created ${viaDotDot}/written (resolved to ${join(outside, "written")}) (1 bytes, 1 line).`,
    });
    expect(readFileSync(join(outside, "written"), "utf8")).toBe("w");
    expect(existsSync(join(ws, "d1", "d2", "outside"))).toBe(false);
  });

  it("Read and Edit use the canonical path for the file-state key and the I/O", async () => {
    const tctx = toolContext(ws);
    writeFileSync(join(outside, "code.py"), "x = 1\n");
    const path = `${viaDotDot}/code.py`;
    expect(text((await read.call({ file_path: path }, tctx)).content)).toBe("     1\tx = 1");
    expect(tctx.fileState.get(join(outside, "code.py"))).toBeDefined();
    const out = await createEditTool().call({ file_path: path, ...edit }, tctx);
    expect(out.isError).toBeUndefined();
    expect(readFileSync(join(outside, "code.py"), "utf8")).toBe("x = 2\n");
  });
});
