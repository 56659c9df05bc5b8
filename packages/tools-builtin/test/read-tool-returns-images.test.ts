import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createReadTool } from "../src/index.js";
import { removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterAll(removeWorkspaces);

// A real 1x1 transparent PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const WEBP_HEAD = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x1a, 0, 0, 0]), Buffer.from("WEBPVP8 ")]);

describe("Read images", () => {
  const ws = tempWorkspace();
  const read = createReadTool();
  const file = (name: string, content: Buffer) => {
    const path = join(ws, name);
    writeFileSync(path, content);
    return path;
  };

  it("returns a png as an image block and records the read", async () => {
    const path = file("dot.png", PNG);
    const ctx = toolContext(ws);
    const out = await read.call({ file_path: path }, ctx);
    expect(out).toEqual({
      content: [{ type: "image", mediaType: "image/png", data: PNG.toString("base64") }],
    });
    expect(ctx.fileState.get(path)).toMatchObject({
      sha256: createHash("sha256").update(PNG).digest("hex"),
      partial: false,
    });
  });

  it("recognises jpeg, gif and webp by their bytes, whatever the name", async () => {
    const ctx = toolContext(ws);
    const types = [
      [file("photo.bin", JPEG_HEAD), "image/jpeg"],
      [file("anim.GIF", GIF), "image/gif"],
      [file("pic.webp", WEBP_HEAD), "image/webp"],
    ] as const;
    for (const [path, mediaType] of types) {
      const out = await read.call({ file_path: path }, ctx);
      expect(out.content).toEqual([{ type: "image", mediaType, data: readBase64(path) }]);
    }
  });

  it("refuses a file named .png whose content is not an image", async () => {
    const out = await read.call({ file_path: file("fake.png", Buffer.from("hello")) }, toolContext(ws));
    expect(out.isError).toBe(true);
    expect(text(out.content)).toContain("not a valid image");
  });

  it("refuses an image over the size cap with a clear error", async () => {
    const small = createReadTool({ maxImageBytes: 64 });
    const path = file("big.png", Buffer.concat([PNG, Buffer.alloc(200, 1)]));
    const out = await small.call({ file_path: path }, toolContext(ws));
    expect(out.isError).toBe(true);
    expect(text(out.content)).toMatch(
      /^Image .*big\.png is too large to send: .* MB encoded, the limit is .* MB\./,
    );
  });
});

function readBase64(path: string): string {
  return readFileSync(path).toString("base64");
}
