import type { ShellWord } from "./shell-words.js";
import type { UnwrappedCommand } from "./strip-wrappers.js";

export function joinSources(words: ReadonlyArray<{ source: string }>): string {
  return words.map((w) => w.source).join(" ");
}

/**
 * `find … -exec CMD ARGS ;` (and `-execdir`, `-ok`, `-okdir`, `+`): CMD runs, so it is analysed
 * as a command of its own (wrappers, `sh -c` and all), with `{}` (the found paths) unknown.
 */
export function findExecCommands(words: readonly ShellWord[]): ShellWord[][] {
  if (words[0]?.value !== "find") return [];
  const out: ShellWord[][] = [];
  for (let i = 1; i < words.length; i++) {
    if (!/^-(exec|execdir|ok|okdir)$/.test(words[i]?.value ?? "")) continue;
    const end = words.findIndex((w, j) => j > i && (w.value === ";" || w.value === "+"));
    const inner = words.slice(i + 1, end === -1 ? undefined : end);
    if (inner.length > 0)
      out.push(inner.map((w) => (w.value?.includes("{}") ? { ...w, value: undefined } : w)));
    i = end === -1 ? words.length : end;
  }
  return out;
}

/**
 * What `analyzeNested` saw: `none` (no code in text), `seen` (the inner commands were analysed),
 * `unseen` (`eval "$X"`, `sh -c "$X"`: the command itself is unknown) or `unseen-input` (a
 * script file, stdin, `source`: commands the analysis can't read).
 */
export type NestedOutcome = "none" | "seen" | "unseen" | "unseen-input";

/**
 * The words with run-time parts as `null`, when there are any: a dynamic word, the input
 * `xargs` appends (or puts in place of `-I`'s string), or a whole command the analysis can't
 * see (`eval "$X"`, `sh` reading stdin, a wrapper it can't read, a script that defines aliases).
 */
export function commandTemplate(
  unwrapped: UnwrappedCommand,
  nested: NestedOutcome,
  hiddenCode: boolean,
): Array<string | null> | undefined {
  if (nested === "unseen" || nested === "unseen-input" || unwrapped.hidden !== undefined || hiddenCode)
    return [null];
  const replace = unwrapped.xargsReplace;
  const template: Array<string | null> = unwrapped.words.map((w) =>
    w.value === undefined || (replace !== undefined && replace !== "" && w.value.includes(replace))
      ? null
      : w.value,
  );
  if (unwrapped.viaXargs) template.push(null);
  return template.includes(null) ? template : undefined;
}
