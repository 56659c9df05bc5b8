import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEditTool, createMultiEditTool, createReadTool } from "../src/index.js";
import { removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterAll(removeWorkspaces);

describe("Edit keeps the file's form", () => {
  const ws = tempWorkspace();
  const read = createReadTool();
  const edit = createEditTool();
  const ctx = toolContext(ws);
  const readFile = async (name: string, content: string | Buffer) => {
    const path = join(ws, name);
    writeFileSync(path, content);
    await read.call({ file_path: path }, ctx);
    return path;
  };

  it("matches LF strings against a CRLF file and writes CRLF", async () => {
    const path = await readFile("win.txt", "first\r\nsecond\r\nthird\r\n");
    const out = await edit.call(
      { file_path: path, old_string: "first\nsecond", new_string: "one\ntwo\nthree" },
      ctx,
    );
    expect(out.isError).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("one\r\ntwo\r\nthree\r\nthird\r\n");
  });

  it("keeps the file mode", async () => {
    const path = await readFile("run.sh", "#!/bin/sh\necho a\n");
    chmodSync(path, 0o751);
    await edit.call({ file_path: path, old_string: "echo a", new_string: "echo b" }, ctx);
    expect(statSync(path).mode & 0o777).toBe(0o751);
    expect(readFileSync(path, "utf8")).toBe("#!/bin/sh\necho b\n");
    expect(readdirSync(ws).filter((n) => n.includes(".keel-"))).toEqual([]);
  });

  it("keeps a UTF-8 byte order mark", async () => {
    const path = await readFile(
      "bom.txt",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("héllo\n")]),
    );
    await edit.call({ file_path: path, old_string: "héllo", new_string: "hello" }, ctx);
    expect(readFileSync(path)).toEqual(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("hello\n")]),
    );
  });

  it("refuses a file that is not valid UTF-8 rather than corrupt it", async () => {
    const bytes = Buffer.from([0x61, 0xff, 0x62, 0x0a]);
    const path = join(ws, "latin1.txt");
    writeFileSync(path, bytes);
    // No NUL byte, so Read shows it (lossily) and records the read.
    await read.call({ file_path: path }, ctx);
    const out = await edit.call({ file_path: path, old_string: "a", new_string: "A" }, ctx);
    expect(out.isError).toBe(true);
    expect(text(out.content)).toContain("not valid UTF-8");
    expect(readFileSync(path)).toEqual(bytes);
  });
});

describe("MultiEdit", () => {
  const ws = tempWorkspace();
  const read = createReadTool();
  const multi = createMultiEditTool();
  const ctx = toolContext(ws);

  it("applies edits in order, each on the previous result", async () => {
    const path = join(ws, "m.ts");
    writeFileSync(path, "alpha beta\n");
    await read.call({ file_path: path }, ctx);
    const out = await multi.call(
      {
        file_path: path,
        edits: [
          { old_string: "alpha", new_string: "gamma" },
          { old_string: "gamma beta", new_string: "done" },
        ],
      },
      ctx,
    );
    expect(out.isError).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("done\n");
  });

  it("is all or nothing: a failing later edit leaves the file byte-identical", async () => {
    const path = join(ws, "n.ts");
    writeFileSync(path, "x y x\n");
    await read.call({ file_path: path }, ctx);
    const out = await multi.call(
      {
        file_path: path,
        edits: [
          { old_string: "y", new_string: "z" },
          { old_string: "x", new_string: "w" },
        ],
      },
      ctx,
    );
    expect(out.isError).toBe(true);
    expect(text(out.content)).toContain("edits[1].old_string matches 2 places");
    expect(readFileSync(path, "utf8")).toBe("x y x\n");
  });
});
