/**
 * A small line-at-a-time code highlighter for fenced code blocks. Line-local on purpose: a line's
 * colours never depend on later lines, so a streaming code block never recolours lines that
 * already reached the scrollback. Keywords, strings, numbers and comments only.
 */

const KEYWORDS = new Set(
  (
    "abstract as async await break case catch class const continue def default defer del delete do elif " +
    "else enum export extends false final finally fn for from func function go if impl implements import " +
    "in interface is let loop match mod module mut new nil none null package pass private protected pub " +
    "public raise return self static struct super switch this throw throws trait true try type typeof " +
    "undefined unsafe use var void where while with yield"
  ).split(" "),
);

const HASH_COMMENT_LANGS = new Set([
  "sh",
  "bash",
  "zsh",
  "shell",
  "console",
  "python",
  "py",
  "ruby",
  "rb",
  "yaml",
  "yml",
  "toml",
  "perl",
  "r",
  "make",
  "makefile",
  "dockerfile",
  "ini",
  "conf",
]);

const color = {
  keyword: (t: string) => `\x1b[35m${t}\x1b[39m`,
  string: (t: string) => `\x1b[32m${t}\x1b[39m`,
  number: (t: string) => `\x1b[33m${t}\x1b[39m`,
  comment: (t: string) => `\x1b[90m${t}\x1b[39m`,
};

function highlightLine(line: string, hashComments: boolean): string {
  let out = "";
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    const rest = line.slice(i);
    if ((c === "/" && line[i + 1] === "/") || (hashComments && c === "#")) {
      out += color.comment(rest);
      break;
    }
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += line[j] === "\\" ? 2 : 1;
      const end = Math.min(line.length, j + 1);
      out += color.string(line.slice(i, end));
      i = end;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(rest);
    if (word) {
      out += KEYWORDS.has(word[0]) ? color.keyword(word[0]) : word[0];
      i += word[0].length;
      continue;
    }
    const num = /^\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?/i.exec(rest);
    if (num) {
      out += color.number(num[0]);
      i += num[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Highlights `code` line by line (the Markdown component's `highlightCode` hook). */
export function highlightCode(code: string, lang?: string): string[] {
  const hash = HASH_COMMENT_LANGS.has((lang ?? "").toLowerCase());
  return code.split("\n").map((line) => highlightLine(line, hash));
}
