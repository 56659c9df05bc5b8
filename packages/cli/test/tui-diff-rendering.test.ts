import { describe, expect, it } from "vitest";
import { renderDiff } from "../src/tui/render/diff-view.js";
import { diffLines, withContext } from "../src/tui/render/line-diff.js";
import { sanitizeText } from "../src/tui/render/terminal-text.js";

const plain = (lines: string[]) => lines.map((l) => sanitizeText(l).trimEnd());

describe("line diff", () => {
  it("finds removed and added lines with their line numbers", () => {
    const diff = diffLines("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
    expect(diff.map((l) => `${l.kind[0]}${l.line}:${l.text}`)).toEqual([
      "c1:a",
      "r2:b",
      "a2:B",
      "c3:c",
      "c4:d",
      "a5:e",
    ]);
  });

  it("keeps three lines of context around changes and marks the gaps", () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
    const changed = old.replace("line 10", "LINE TEN");
    const shown = withContext(diffLines(old, changed));
    expect(shown[0]).toBeNull();
    expect(shown.filter((l) => l !== null).map((l) => l?.line)).toEqual([7, 8, 9, 10, 10, 11, 12, 13]);
    expect(shown[shown.length - 1]).toBeNull();
  });

  it("bounds the work for huge inputs (all removed, then all added)", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join("\n");
    const diff = diffLines(a, b);
    expect(diff.filter((l) => l.kind === "removed")).toHaveLength(3000);
    expect(diff.filter((l) => l.kind === "added")).toHaveLength(3000);
  });
});

describe("coloured diff view", () => {
  it("numbers lines from where the edit starts, colours them, and cuts to the width", () => {
    const lines = renderDiff("const a = 1;\n", "const a = 2;\n", { width: 30, maxLines: 10, startLine: 41 });
    expect(lines[0]).toContain("\x1b[31m");
    expect(lines[1]).toContain("\x1b[32m");
    expect(plain(lines)).toEqual(["    41 - const a = 1;", "    41 + const a = 2;"]);
  });

  it("summarizes what does not fit", () => {
    const lines = renderDiff("", Array.from({ length: 50 }, (_, i) => `n${i}`).join("\n"), {
      width: 40,
      maxLines: 5,
    });
    expect(lines).toHaveLength(6);
    expect(plain(lines)[5]).toContain("45 more diff lines");
  });

  it("shows control characters in file content as nothing", () => {
    const lines = renderDiff("", "safe\x1b[2Jtext\n", { width: 40, maxLines: 5 });
    expect(lines.join("")).not.toContain("\x1b[2J");
  });
});
