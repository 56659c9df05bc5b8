/** One exact-string replacement, with Claude Code's field names. */
export interface StringEdit {
  old_string: string;
  new_string: string;
  replace_all?: boolean | undefined;
}

export type ApplyEditsResult =
  | {
      ok: true;
      content: string;
      /** Offset in `content` where the first replacement starts, and the length of what was inserted there. */
      firstChange: { start: number; length: number };
      replacements: number;
    }
  | { ok: false; message: string };

/** True when the file's line endings are CRLF (judged by its first line break). */
export function usesCrlf(content: string): boolean {
  const nl = content.indexOf("\n");
  return nl > 0 && content[nl - 1] === "\r";
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

/** Non-overlapping occurrences of `needle`, left to right. */
function findAll(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    found.push(at);
  }
  return found;
}

/**
 * Applies edits in order, each to the result of the previous one; all or nothing. Matching is
 * exact (no regex: `$&` in new_string is literal). In a CRLF file, LF in old/new strings is
 * matched and written as CRLF, unless only the strings as given match (a mixed file).
 * `label(i)` names an edit in messages ("old_string", "edits[2].old_string").
 */
export function applyEdits(
  original: string,
  edits: readonly StringEdit[],
  label: (index: number) => string,
): ApplyEditsResult {
  const crlf = usesCrlf(original);
  let content = original;
  let firstChange: { start: number; length: number } | undefined;
  let replacements = 0;
  for (const [index, edit] of edits.entries()) {
    const name = label(index);
    if (edit.old_string === edit.new_string) {
      return { ok: false, message: `${name} and new_string are identical: nothing to change.` };
    }
    if (edit.old_string === "") {
      if (content !== "") {
        return {
          ok: false,
          message: `${name} is empty, but the file is not: an empty old_string only creates a new (or fills an empty) file. Quote the text to replace.`,
        };
      }
      content = crlf ? toCrlf(edit.new_string) : edit.new_string;
      firstChange ??= { start: 0, length: content.length };
      replacements++;
      continue;
    }
    let oldString = crlf ? toCrlf(edit.old_string) : edit.old_string;
    let newString = crlf ? toCrlf(edit.new_string) : edit.new_string;
    let matches = findAll(content, oldString);
    if (matches.length === 0 && crlf && oldString !== edit.old_string) {
      oldString = edit.old_string;
      newString = edit.new_string;
      matches = findAll(content, oldString);
    }
    if (matches.length === 0) {
      return {
        ok: false,
        message: `${name} was not found in the file. It must match exactly, including whitespace and indentation, and must not include Read's line-number prefix. Read the file again if unsure.`,
      };
    }
    if (matches.length > 1 && edit.replace_all !== true) {
      return {
        ok: false,
        message: `${name} matches ${matches.length} places in the file. Add surrounding lines to make it unique, or set replace_all to true to replace every occurrence.`,
      };
    }
    const used = edit.replace_all === true ? matches : matches.slice(0, 1);
    let next = "";
    let from = 0;
    for (const at of used) {
      next += content.slice(from, at) + newString;
      from = at + oldString.length;
    }
    content = next + content.slice(from);
    firstChange ??= { start: used[0] as number, length: newString.length };
    replacements += used.length;
  }
  return { ok: true, content, firstChange: firstChange ?? { start: 0, length: 0 }, replacements };
}
