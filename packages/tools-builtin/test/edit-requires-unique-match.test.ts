import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEditTool, createReadTool } from "../src/index.js";
import { levelOf, removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterAll(removeWorkspaces);

describe("Edit matching", () => {
  const ws = tempWorkspace();
  const read = createReadTool();
  const edit = createEditTool();
  const ctx = toolContext(ws);
  const readFile = async (name: string, content: string) => {
    const path = join(ws, name);
    writeFileSync(path, content);
    expect((await read.call({ file_path: path }, ctx)).isError).toBeUndefined();
    return path;
  };

  it("fails on a non-unique old_string, says how many, and leaves the file byte-identical", async () => {
    const original = "let a = 1;\nlet a = 1;\nlet b = 2;\n";
    const path = await readFile("dup.ts", original);
    const out = await edit.call({ file_path: path, old_string: "let a = 1;", new_string: "let a = 3;" }, ctx);
    expect(out.isError).toBe(true);
    expect(text(out.content)).toContain("matches 2 places");
    expect(text(out.content)).toContain("replace_all");
    expect(readFileSync(path)).toEqual(Buffer.from(original));
  });

  it("replaces every occurrence with replace_all", async () => {
    const path = await readFile("all.ts", "foo(); foo();\nbar(foo);\n");
    const out = await edit.call(
      { file_path: path, old_string: "foo", new_string: "baz", replace_all: true },
      ctx,
    );
    expect(out.isError).toBeUndefined();
    expect(text(out.content)).toContain("3 replacements");
    expect(readFileSync(path, "utf8")).toBe("baz(); baz();\nbar(baz);\n");
  });

  it("replaces a unique match and shows numbered lines around it", async () => {
    const path = await readFile("one.ts", "a\nb\nc\nd\ne\nf\ng\nh\n");
    const out = await edit.call({ file_path: path, old_string: "e\n", new_string: "E1\nE2\n" }, ctx);
    expect(readFileSync(path, "utf8")).toBe("a\nb\nc\nd\nE1\nE2\nf\ng\nh\n");
    expect(text(out.content)).toBe(
      `Edited ${path} (1 replacement).\n     2\tb\n     3\tc\n     4\td\n     5\tE1\n     6\tE2\n     7\tf\n     8\tg\n     9\th`,
    );
  });

  it("treats new_string literally ($& and $1 are not replacement patterns)", async () => {
    const path = await readFile("dollar.ts", "price = X;\n");
    await edit.call({ file_path: path, old_string: "X", new_string: "$&$1$$" }, ctx);
    expect(readFileSync(path, "utf8")).toBe("price = $&$1$$;\n");
  });

  it("fails when old_string is missing or equals new_string, without touching the file", async () => {
    const original = "const x = 1;\n";
    const path = await readFile("same.ts", original);
    const missing = await edit.call({ file_path: path, old_string: "const y", new_string: "const z" }, ctx);
    expect(missing.isError).toBe(true);
    expect(text(missing.content)).toContain("old_string was not found");
    const same = await edit.call({ file_path: path, old_string: "x", new_string: "x" }, ctx);
    expect(same.isError).toBe(true);
    expect(text(same.content)).toContain("identical");
    expect(readFileSync(path)).toEqual(Buffer.from(original));
  });

  it("creates a new file from an empty old_string, but refuses one on a non-empty file", async () => {
    const path = join(ws, "sub", "created.txt");
    const created = await edit.call({ file_path: path, old_string: "", new_string: "hello\n" }, ctx);
    expect(text(created.content)).toContain(`Created ${path}.`);
    expect(readFileSync(path, "utf8")).toBe("hello\n");
    const again = await edit.call({ file_path: path, old_string: "", new_string: "other" }, ctx);
    expect(again.isError).toBe(true);
    expect(readFileSync(path, "utf8")).toBe("hello\n");
  });

  it("refuses a missing file when old_string is not empty", async () => {
    const out = await edit.call({ file_path: join(ws, "nope.ts"), old_string: "a", new_string: "b" }, ctx);
    expect(out.isError).toBe(true);
    expect(text(out.content)).toContain("File does not exist");
  });

  it("needs write inside the workspace and full outside", async () => {
    expect(edit.readOnly).toBe(false);
    const input = { old_string: "a", new_string: "b" };
    expect(await levelOf(edit, { file_path: join(ws, "x.ts"), ...input }, { cwd: ws })).toBe("write");
    expect(await levelOf(edit, { file_path: "/etc/hosts", ...input }, { cwd: ws })).toBe("full");
  });
});
