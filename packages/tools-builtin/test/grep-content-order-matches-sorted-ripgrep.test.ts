import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createGrepTool } from "../src/index.js";
import { removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterAll(removeWorkspaces);

function tree(dirs = 8, files = 10): string {
  const ws = tempWorkspace();
  for (let d = 0; d < dirs; d++) {
    mkdirSync(join(ws, `dir${d}`));
    for (let f = 0; f < files; f++) {
      const lines = Array.from({ length: 30 }, (_, i) =>
        i % 7 === 3 ? `needle ${d}/${f}/${i}` : `hay ${i}`,
      );
      writeFileSync(join(ws, `dir${d}`, `f${f}.txt`), `${lines.join("\n")}\n`);
    }
  }
  return ws;
}

describe("Grep content mode runs ripgrep in parallel but pages in path order", () => {
  it.each([
    ["no context", {}, []],
    ["with context", { "-C": 1 }, ["--context", "1"]],
  ] as const)("prints exactly what `rg --sort path` prints (%s)", async (_name, extra, rgExtra) => {
    // Small enough to stay under the output budget (context triples the lines).
    const ws = rgExtra.length > 0 ? tree(4, 6) : tree();
    const grep = createGrepTool();
    const out = await grep.call(
      { pattern: "needle", output_mode: "content", head_limit: 0, ...extra },
      toolContext(ws),
    );
    const expected = execFileSync(
      "rg",
      ["--no-config", "--with-filename", "--line-number", "--sort", "path", ...rgExtra, "--", "needle", ws],
      { encoding: "utf8" },
    ).trimEnd();
    expect(text(out.content)).toBe(expected);
  });

  it("gives the same page for the same offset on every call", async () => {
    const ws = tree();
    const grep = createGrepTool();
    const page = async () =>
      text(
        (
          await grep.call(
            { pattern: "needle", output_mode: "content", offset: 40, head_limit: 25 },
            toolContext(ws),
          )
        ).content,
      );
    const first = await page();
    for (let i = 0; i < 3; i++) expect(await page()).toBe(first);
  });
});
