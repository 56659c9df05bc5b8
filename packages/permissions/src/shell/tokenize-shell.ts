/**
 * A deliberately small shell tokenizer for classification: it understands quoting, the
 * command separators `;` `&&` `||` `|` `|&` and newlines, and redirections to /dev/null.
 * Anything it does not understand (expansions, substitutions, subshells, other redirections,
 * background `&`, comments) makes it return undefined so the caller falls back to the
 * conservative answer.
 */

export interface ShellWord {
  /** The word after quote removal. */
  text: string;
  /** Contains an unquoted `*`, `?` or `[` (a glob the shell would expand). */
  unquotedGlob: boolean;
}

/** Simple commands, each a list of words (redirections to /dev/null removed). */
export type ShellCommandList = ShellWord[][];

export function tokenizeShell(source: string): ShellCommandList | undefined {
  const commands: ShellCommandList = [];
  let words: ShellWord[] = [];
  let word: ShellWord | undefined;
  let i = 0;

  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const current = (): ShellWord => {
    word ??= { text: "", unquotedGlob: false };
    return word;
  };

  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === " " || c === "\t") {
      endWord();
      i++;
    } else if (c === "\n" || c === ";") {
      endCommand();
      i++;
    } else if (c === "|") {
      endCommand();
      i += next === "|" || next === "&" ? 2 : 1;
    } else if (c === "&") {
      if (next !== "&") return undefined; // background job
      endCommand();
      i += 2;
    } else if (c === ">") {
      // Only `>/dev/null`, `>>/dev/null`, `N>/dev/null` and `N>&M` are accepted.
      if (word !== undefined && !/^\d$/.test(word.text)) return undefined;
      word = undefined;
      i++;
      if (source[i] === ">") i++;
      if (source[i] === "&" && /\d/.test(source[i + 1] ?? "")) {
        i += 2;
        continue;
      }
      while (source[i] === " " || source[i] === "\t") i++;
      if (source.slice(i, i + 9) !== "/dev/null") return undefined;
      i += 9;
      const after = source[i];
      if (after !== undefined && !/[\s;|&]/.test(after)) return undefined;
    } else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end === -1) return undefined;
      current().text += source.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const w = current();
      i++;
      for (;;) {
        const d = source[i];
        if (d === undefined) return undefined;
        if (d === '"') break;
        if (d === "$" || d === "`") return undefined;
        if (d === "\\" && /["\\$`\n]/.test(source[i + 1] ?? "")) {
          if (source[i + 1] !== "\n") w.text += source[i + 1];
          i += 2;
        } else {
          w.text += d;
          i++;
        }
      }
      i++;
    } else if (c === "\\") {
      if (next === undefined) return undefined;
      if (next !== "\n") current().text += next;
      i += 2;
    } else if ("$`()<".includes(c) || (c === "#" && word === undefined)) {
      return undefined;
    } else {
      const w = current();
      if (c === "*" || c === "?" || c === "[") w.unquotedGlob = true;
      w.text += c;
      i++;
    }
  }
  endCommand();
  return commands;
}
