import {
  chmodSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createReadTool, createWriteTool } from "../src/index.js";
import { levelOf, removeWorkspaces, tempWorkspace, toolContext } from "./context.js";

afterAll(removeWorkspaces);

describe("Write", () => {
  const ws = tempWorkspace();
  const write = createWriteTool();
  const ctx = toolContext(ws);

  it("creates parent directories and reports bytes and lines", async () => {
    const path = join(ws, "a", "b", "new.txt");
    const out = await write.call({ file_path: path, content: "héllo\nworld\n" }, ctx);
    expect(out).toEqual({ content: `Created ${path} (13 bytes, 2 lines).` });
    expect(readFileSync(path, "utf8")).toBe("héllo\nworld\n");
  });

  it("replaces an existing file by rename, keeping its mode, leaving no temp files", async () => {
    const path = join(ws, "script.sh");
    writeFileSync(path, "old");
    chmodSync(path, 0o750);
    await createReadTool().call({ file_path: path }, ctx);
    const before = statSync(path).ino;
    const out = await write.call({ file_path: path, content: "#!/bin/sh\necho hi" }, ctx);
    expect(out).toEqual({ content: `Overwrote ${path} (17 bytes, 2 lines).` });
    const after = statSync(path);
    expect(after.mode & 0o777).toBe(0o750);
    expect(after.ino).not.toBe(before); // a new inode: the content was swapped in whole
    expect(readFileSync(path, "utf8")).toBe("#!/bin/sh\necho hi");
    expect(readdirSync(ws).filter((n) => n.includes(".keel-"))).toEqual([]);
  });

  it("writes through a symlink without replacing the link", async () => {
    const target = join(ws, "target.txt");
    const link = join(ws, "link.txt");
    writeFileSync(target, "x");
    symlinkSync(target, link);
    await createReadTool().call({ file_path: link }, ctx);
    await write.call({ file_path: link, content: "via link" }, ctx);
    expect(readFileSync(target, "utf8")).toBe("via link");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it("rejects relative paths and directories", async () => {
    expect((await write.call({ file_path: "x.txt", content: "" }, ctx)).isError).toBe(true);
    const dir = await write.call({ file_path: ws, content: "" }, ctx);
    expect(dir.isError).toBe(true);
    expect(dir.content).toContain("is a directory");
  });

  it("needs write inside the workspace and full outside", async () => {
    expect(write.readOnly).toBe(false);
    expect(await levelOf(write, { file_path: join(ws, "new/x.ts"), content: "" }, { cwd: ws })).toBe("write");
    expect(await levelOf(write, { file_path: "/tmp/elsewhere.txt", content: "" }, { cwd: ws })).toBe("full");
  });
});
