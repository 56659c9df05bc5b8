import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEditTool, createReadTool, createWriteTool } from "../src/index.js";
import { removeWorkspaces, tempWorkspace, toolContext } from "./context.js";

afterAll(removeWorkspaces);

describe("Write keeps an existing file's line endings", () => {
  const ws = tempWorkspace();
  const write = createWriteTool();
  const read = createReadTool();

  async function overwrite(name: string, before: string | Buffer, content: string) {
    const path = join(ws, name);
    writeFileSync(path, before);
    const ctx = toolContext(ws);
    await read.call({ file_path: path }, ctx);
    const out = await write.call({ file_path: path, content }, ctx);
    return { out, after: readFileSync(path, "utf8"), path, ctx };
  }

  it("writes LF content as CRLF into a CRLF file", async () => {
    const { out, after } = await overwrite("dos.txt", "one\r\ntwo\r\n", "uno\ndos\ntres\n");
    expect(after).toBe("uno\r\ndos\r\ntres\r\n");
    expect(out).toEqual({
      content: `Overwrote ${join(ws, "dos.txt")} (16 bytes, 3 lines, CRLF line endings kept).`,
    });
  });

  it("leaves content that already has CRLF as given", async () => {
    const { after } = await overwrite("mixed.txt", "a\r\nb\r\n", "x\r\ny\nz");
    expect(after).toBe("x\r\ny\nz");
  });

  it("judges by the first line break, even past the first read chunk", async () => {
    const long = Buffer.from(`${"a".repeat(64 * 1024 - 1)}\r\nb\r\n`);
    const { after } = await overwrite("long.txt", long, "p\nq");
    expect(after).toBe("p\r\nq");
    const { after: lf } = await overwrite("unix.txt", "a\nb\r\n", "p\nq");
    expect(lf).toBe("p\nq");
  });

  it("keeps LF for LF files and new files, and keeps the mode of a CRLF file", async () => {
    const { after } = await overwrite("unix2.txt", "a\nb\n", "c\nd\n");
    expect(after).toBe("c\nd\n");
    const fresh = join(ws, "new.txt");
    await write.call({ file_path: fresh, content: "n\nm\n" }, toolContext(ws));
    expect(readFileSync(fresh, "utf8")).toBe("n\nm\n");

    const script = join(ws, "run.bat");
    writeFileSync(script, "@echo off\r\n");
    chmodSync(script, 0o751);
    const ctx = toolContext(ws);
    await read.call({ file_path: script }, ctx);
    await write.call({ file_path: script, content: "@echo on\n" }, ctx);
    expect(readFileSync(script, "utf8")).toBe("@echo on\r\n");
    expect(statSync(script).mode & 0o777).toBe(0o751);
  });

  it("records the bytes written, so an Edit right after needs no new Read", async () => {
    const { path, ctx } = await overwrite("edit-after.txt", "a\r\n", "first\nsecond\n");
    const out = await createEditTool().call(
      { file_path: path, old_string: "second", new_string: "2nd" },
      ctx,
    );
    expect(out.isError).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("first\r\n2nd\r\n");
  });
});
