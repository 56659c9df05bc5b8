import { createHash } from "node:crypto";
import { statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createReadTool } from "../src/index.js";
import { removeWorkspaces, tempWorkspace, toolContext } from "./context.js";

afterAll(removeWorkspaces);

const sha256 = (content: string) => createHash("sha256").update(content).digest("hex");

describe("Read records what it read", () => {
  const ws = tempWorkspace();
  const content = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");
  const path = join(ws, "f.txt");
  writeFileSync(path, content);

  it("records a whole-file read as full, with mtime and the hash of the content", async () => {
    const ctx = toolContext(ws);
    await createReadTool().call({ file_path: path }, ctx);
    expect(ctx.fileState.get(path)).toEqual({
      path,
      mtimeMs: statSync(path).mtimeMs,
      sha256: sha256(content),
      partial: false,
    });
  });

  it("records offset/limit reads as partial, still hashing the whole file", async () => {
    const ctx = toolContext(ws);
    await createReadTool().call({ file_path: path, offset: 5, limit: 2 }, ctx);
    expect(ctx.fileState.get(path)).toMatchObject({ partial: true, sha256: sha256(content) });
    const head = toolContext(ws);
    await createReadTool().call({ file_path: path, limit: 3 }, head);
    expect(head.fileState.get(path)?.partial).toBe(true);
    const all = toolContext(ws);
    await createReadTool().call({ file_path: path, offset: 1, limit: 30 }, all);
    expect(all.fileState.get(path)?.partial).toBe(false);
  });

  it("records a read cut by the line or character budget as partial", async () => {
    const byLines = toolContext(ws);
    await createReadTool({ defaultLimit: 10 }).call({ file_path: path }, byLines);
    expect(byLines.fileState.get(path)?.partial).toBe(true);
    const byChars = toolContext(ws);
    await createReadTool({ maxOutputChars: 50 }).call({ file_path: path }, byChars);
    expect(byChars.fileState.get(path)?.partial).toBe(true);
  });

  it("records under the resolved path when read through a symlink", async () => {
    const link = join(ws, "link.txt");
    symlinkSync(path, link);
    const ctx = toolContext(ws);
    await createReadTool().call({ file_path: link }, ctx);
    expect(ctx.fileState.get(path)?.sha256).toBe(sha256(content));
    expect(ctx.fileState.get(link)).toBeUndefined();
  });

  it("records nothing for a refused binary file", async () => {
    const bin = join(ws, "b.bin");
    writeFileSync(bin, Buffer.from([1, 0, 2]));
    const ctx = toolContext(ws);
    expect((await createReadTool().call({ file_path: bin }, ctx)).isError).toBe(true);
    expect(ctx.fileState.get(bin)).toBeUndefined();
  });
});
