import { mkdtempSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BackwardLineReader } from "../src/session-line-reader.js";

async function backwards(text: string, chunk: number, start = 0) {
  const path = join(mkdtempSync(join(tmpdir(), "keel-lines-")), "f");
  writeFileSync(path, text);
  const fh = await open(path, "r");
  try {
    const size = (await fh.stat()).size;
    const reader = new BackwardLineReader(fh, { start, end: size }, { bytes: 0, reads: 0 }, chunk);
    const out: Array<[number, string, boolean]> = [];
    for (let line = await reader.next(); line; line = await reader.next()) {
      out.push([line.offset, line.bytes.toString("utf8"), line.terminated]);
    }
    expect(reader.exhausted).toBe(true);
    return out.reverse();
  } finally {
    await fh.close();
  }
}

/** The lines a forward split sees, with their byte offsets. */
function forwards(text: string, start = 0): Array<[number, string, boolean]> {
  const out: Array<[number, string, boolean]> = [];
  let offset = start;
  const parts = Buffer.from(text).subarray(start).toString("utf8").split("\n");
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (!(last && part === "")) out.push([offset, part, !last]);
    offset += Buffer.byteLength(part) + 1;
  });
  return out;
}

describe("reading a file's lines backwards", () => {
  const samples = [
    "a\nbb\n\nccc\n",
    "no newline at all",
    "torn\ntail without newline",
    "\n\n\n",
    `${"x".repeat(100)}\nshort\n${"é".repeat(40)}\n${"y".repeat(57)}`,
    "",
  ];
  it.each(samples.flatMap((s) => [1, 2, 3, 7, 64].map((chunk) => [s, chunk] as const)))(
    "yields the same lines as a forward split (%#)",
    async (text, chunk) => {
      expect(await backwards(text, chunk)).toEqual(forwards(text));
    },
  );

  it("stops at the start of the range", async () => {
    const text = "header\none\ntwo\n";
    expect(await backwards(text, 3, 7)).toEqual(forwards(text, 7));
  });
});
