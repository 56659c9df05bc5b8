import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createReadTool } from "../src/index.js";
import { levelOf, removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterAll(removeWorkspaces);

describe("Read", () => {
  const ws = tempWorkspace();
  const read = createReadTool();
  const ctx = toolContext(ws);
  const file = (name: string, content: string | Buffer) => {
    const path = join(ws, name);
    writeFileSync(path, content);
    return path;
  };

  it("numbers lines like cat -n", async () => {
    const path = file("abc.txt", "a\r\nb\n\tc\n");
    const out = await read.call({ file_path: path }, ctx);
    expect(out).toEqual({ content: "     1\ta\n     2\tb\n     3\t\tc" });
  });

  it("pages with offset and limit and says how to continue", async () => {
    const path = file("ten.txt", Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join("\n"));
    const out = await read.call({ file_path: path, offset: 4, limit: 2 }, ctx);
    expect(text(out.content)).toBe(
      "     4\tline 4\n     5\tline 5\n\n(The file has more lines. To read further, call Read with offset 6.)",
    );
    const last = await read.call({ file_path: path, offset: 9, limit: 2 }, ctx);
    expect(last.content).toBe("     9\tline 9\n    10\tline 10");
    const past = await read.call({ file_path: path, offset: 50 }, ctx);
    expect(text(past.content)).toBe(
      `The file ${path} has 10 lines; offset 50 is past the end. Use a smaller offset.`,
    );
  });

  it("cuts lines longer than 2000 characters with a marker", async () => {
    const path = file("long.txt", `${"x".repeat(2500)}\nshort\n`);
    const out = text((await read.call({ file_path: path }, ctx)).content);
    const [first, second] = out.split("\n");
    expect(first).toBe(`     1\t${"x".repeat(2000)}… [line truncated: 500 more characters]`);
    expect(second).toBe("     2\tshort");
  });

  it("streams a large file and stops at the limit", async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `row ${i + 1}`);
    const path = file("big.txt", `${lines.join("\n")}\n`);
    const out = text((await read.call({ file_path: path, offset: 150_000, limit: 3 }, ctx)).content);
    expect(out).toBe(
      "150000\trow 150000\n150001\trow 150001\n150002\trow 150002\n\n" +
        "(The file has more lines. To read further, call Read with offset 150003.)",
    );
    const head = text((await read.call({ file_path: path }, ctx)).content);
    expect(head.split("\n").filter((l) => /^\s*\d+\t/.test(l))).toHaveLength(2000);
    expect(head).toContain("call Read with offset 2001.");
    const tail = text((await read.call({ file_path: path, offset: 199_999 }, ctx)).content);
    expect(tail).toBe("199999\trow 199999\n200000\trow 200000");
  });

  it("stops at its character budget", async () => {
    const small = createReadTool({ maxOutputChars: 40 });
    const path = file("budget.txt", "0123456789\n".repeat(10));
    const out = text((await small.call({ file_path: path }, ctx)).content);
    expect(out).toBe(
      "     1\t0123456789\n     2\t0123456789\n\n" +
        "(Output was limited to 40 characters; the file has more lines. To read further, call Read with offset 3.)",
    );
  });

  it("refuses binary files, directories, missing files and relative paths", async () => {
    const bin = file("bin.dat", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    const binary = await read.call({ file_path: bin }, ctx);
    expect(binary.isError).toBe(true);
    expect(text(binary.content)).toContain("binary file");

    const dir = await read.call({ file_path: ws }, ctx);
    expect(dir).toEqual({
      content: `${ws} is a directory, not a file. List it with Bash (ls).`,
      isError: true,
    });

    const missing = await read.call({ file_path: join(ws, "nope.txt") }, ctx);
    expect(missing.isError).toBe(true);
    expect(text(missing.content)).toBe(
      `File does not exist: ${join(ws, "nope.txt")}. Check the path (the working directory is ${ws}).`,
    );

    const relative = await read.call({ file_path: "abc.txt" }, ctx);
    expect(relative).toEqual({
      content: `file_path must be an absolute path, but got "abc.txt". Did you mean "${join(ws, "abc.txt")}"?`,
      isError: true,
    });
  });

  it("notes an empty file", async () => {
    const path = file("empty.txt", "");
    expect(await read.call({ file_path: path }, ctx)).toEqual({
      content: `The file ${path} exists but is empty.`,
    });
  });

  it("is read-only; needs read inside the workspace and full outside", async () => {
    expect(read.readOnly).toBe(true);
    expect(await levelOf(read, { file_path: join(ws, "a") }, { cwd: ws })).toBe("read");
    expect(await levelOf(read, { file_path: "/etc/hosts" }, { cwd: ws })).toBe("full");
  });
});
