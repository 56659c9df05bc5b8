import { readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEditTool, createReadTool, createWriteTool } from "../src/index.js";
import { removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterAll(removeWorkspaces);

describe("read-before-edit", () => {
  const ws = tempWorkspace();
  const read = createReadTool();
  const edit = createEditTool();
  const write = createWriteTool();
  const file = (name: string, content: string) => {
    const path = join(ws, name);
    writeFileSync(path, content);
    return path;
  };

  it("refuses to edit a file that was not read, telling the model to Read it first", async () => {
    const ctx = toolContext(ws);
    const path = file("unread.ts", "old\n");
    const out = await edit.call({ file_path: path, old_string: "old", new_string: "new" }, ctx);
    expect(out).toEqual({
      content: `File has not been read yet: ${path}. Read it first with the Read tool, then edit it.`,
      isError: true,
    });
    expect(readFileSync(path, "utf8")).toBe("old\n");
  });

  it("refuses to edit a file changed on disk since it was read", async () => {
    const ctx = toolContext(ws);
    const path = file("changed.ts", "old\n");
    await read.call({ file_path: path }, ctx);
    writeFileSync(path, "old and changed\n");
    utimesSync(path, new Date(), new Date(Date.now() + 5000)); // a distinct mtime on any filesystem
    const out = await edit.call({ file_path: path, old_string: "old", new_string: "new" }, ctx);
    expect(out.isError).toBe(true);
    expect(text(out.content)).toBe(
      `${path} has been modified since it was read (by the user or another program). Read it again with the Read tool, then edit it.`,
    );
    expect(readFileSync(path, "utf8")).toBe("old and changed\n");
    // Reading again makes the edit possible.
    await read.call({ file_path: path }, ctx);
    expect(
      (await edit.call({ file_path: path, old_string: "changed", new_string: "new" }, ctx)).isError,
    ).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("old and new\n");
  });

  it("accepts a file whose mtime changed but whose content did not", async () => {
    const ctx = toolContext(ws);
    const path = file("touched.ts", "same\n");
    await read.call({ file_path: path }, ctx);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const out = await edit.call({ file_path: path, old_string: "same", new_string: "diff" }, ctx);
    expect(out.isError).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("diff\n");
  });

  it("lets the model edit again after its own edit without re-reading", async () => {
    const ctx = toolContext(ws);
    const path = file("twice.ts", "one two\n");
    await read.call({ file_path: path }, ctx);
    await edit.call({ file_path: path, old_string: "one", new_string: "1" }, ctx);
    const second = await edit.call({ file_path: path, old_string: "two", new_string: "2" }, ctx);
    expect(second.isError).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("1 2\n");
  });

  it("lets Edit work after a partial read, but Write needs a full one", async () => {
    const ctx = toolContext(ws);
    const path = file("partial.ts", "a\nb\nc\n");
    await read.call({ file_path: path, offset: 2, limit: 1 }, ctx);
    const overwrite = await write.call({ file_path: path, content: "x\n" }, ctx);
    expect(overwrite.isError).toBe(true);
    expect(text(overwrite.content)).toContain("Only part of");
    expect(readFileSync(path, "utf8")).toBe("a\nb\nc\n");
    expect(
      (await edit.call({ file_path: path, old_string: "b", new_string: "B" }, ctx)).isError,
    ).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("a\nB\nc\n");
  });

  it("refuses Write over an existing file that was not read; new files need no read", async () => {
    const ctx = toolContext(ws);
    const path = file("existing.txt", "keep me");
    const out = await write.call({ file_path: path, content: "clobbered" }, ctx);
    expect(out).toEqual({
      content: `File has not been read yet: ${path}. Read it first with the Read tool, then overwrite it.`,
      isError: true,
    });
    expect(readFileSync(path, "utf8")).toBe("keep me");
    const fresh = join(ws, "brand-new.txt");
    expect((await write.call({ file_path: fresh, content: "v1" }, ctx)).isError).toBeUndefined();
    // Written by us: editable and overwritable without a read.
    expect(
      (await edit.call({ file_path: fresh, old_string: "v1", new_string: "v2" }, ctx)).isError,
    ).toBeUndefined();
    expect((await write.call({ file_path: fresh, content: "v3" }, ctx)).isError).toBeUndefined();
    expect(readFileSync(fresh, "utf8")).toBe("v3");
  });

  it("records the written state so a later external change is still caught", async () => {
    const ctx = toolContext(ws);
    const path = join(ws, "recorded.txt");
    await write.call({ file_path: path, content: "mine" }, ctx);
    const state = ctx.fileState.get(path);
    expect(state).toMatchObject({ path, mtimeMs: statSync(path).mtimeMs, partial: false });
    writeFileSync(path, "theirs");
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const out = await write.call({ file_path: path, content: "mine again" }, ctx);
    expect(out.isError).toBe(true);
    expect(readFileSync(path, "utf8")).toBe("theirs");
  });
});
