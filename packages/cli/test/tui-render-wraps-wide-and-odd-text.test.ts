import { visibleWidth } from "@earendil-works/pi-tui";
import { describe, expect, it } from "vitest";
import { fitLine, sanitizeText, wrapText } from "../src/tui/render/terminal-text.js";
import { MarkdownBlock } from "../src/tui/transcript/blocks/markdown-block.js";
import { TextBlock } from "../src/tui/transcript/blocks/text-block.js";
import { ToolCallBlock } from "../src/tui/transcript/blocks/tool-call-block.js";

const WIDTHS = [1, 2, 3, 7, 20, 80];

function allFit(lines: string[], width: number): void {
  for (const line of lines) expect(visibleWidth(line), JSON.stringify(line)).toBeLessThanOrEqual(width);
}

describe("terminal text", () => {
  it("wraps East Asian wide characters by columns, never past the width", () => {
    const text = "漢字とかなの混じった文章です。한국어 문장도 있습니다。emoji 👩‍💻🚀 too";
    for (const width of WIDTHS) {
      const lines = wrapText(text, width);
      allFit(lines, width);
      if (width >= 2) expect(lines.join("").replace(/\s/g, "")).toContain("漢字とかな");
    }
    expect(wrapText("漢字漢字", 4)).toEqual(["漢字", "漢字"]);
  });

  it("removes escape sequences and control characters that would move or clear the terminal", () => {
    const hostile = "a\x1b[2Jb\x1bcc\x1b]0;title\x07d\x1b[31me\x07\x00\x08f\r\ng\rh\u202eRTL\u202c\tz";
    const clean = sanitizeText(hostile);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting they are gone
    expect(clean).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
    expect(clean).toBe("abcdef\ng\nhRTL    z");
  });

  it("cuts very long lines with an ellipsis and survives width 0", () => {
    const long = "x".repeat(100_000);
    expect(visibleWidth(fitLine(long, 40))).toBe(40);
    expect(sanitizeText(fitLine(long, 40)).endsWith("…")).toBe(true);
    expect(fitLine(long, 0)).toBe("");
    expect(wrapText(long, 0)).toEqual([]);
    expect(wrapText(long, 1000)).toHaveLength(100);
  });
});

describe("transcript blocks render within any width", () => {
  const odd = `${"長".repeat(300)}\n\x1b[2Jcontrol\ttabs\n${"word ".repeat(500)}\n| a | b |\n|---|---|\n| ${"宽".repeat(90)} | x |`;

  it("text, markdown and tool-call blocks", () => {
    for (const width of WIDTHS) {
      allFit(new TextBlock(odd, { prefix: "> " }).render(width), width);
      const md = new MarkdownBlock();
      md.append(odd.slice(0, 500));
      md.append(odd.slice(500));
      allFit(md.render(width), width);
      const tool = new ToolCallBlock({
        toolUseId: "t1",
        name: "Bash",
        input: { command: odd },
        cwd: "/tmp",
        view: { expandTools: true, showThinking: false },
        spinner: () => "⠋",
      });
      tool.settle(odd, false);
      allFit(tool.render(width), width);
    }
  });

  it("markdown streamed in small deltas renders like the whole text at once", () => {
    const text =
      "# Title\n\nA paragraph\nwith two lines.\n\n- one\n- two\n\n```js\nconst a = 1;\n```\n\nEnd.";
    const whole = new MarkdownBlock();
    whole.append(text);
    const streamed = new MarkdownBlock();
    for (let i = 0; i < text.length; i += 3) streamed.append(text.slice(i, i + 3));
    expect(streamed.render(60)).toEqual(whole.render(60));
    expect(sanitizeText(streamed.render(60).join("\n"))).toContain("const a = 1;");
  });
});
