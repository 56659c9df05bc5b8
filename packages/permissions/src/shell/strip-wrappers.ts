import type { ShellAssignment } from "./shell-syntax.js";
import type { ShellWord } from "./shell-words.js";

/** A command with its wrappers (`timeout 5`, `nice -n 2`, `env A=1` …) removed. */
export interface UnwrappedCommand {
  words: ShellWord[];
  /** Assignments made through `env NAME=value`. */
  envAssignments: ShellAssignment[];
  /** Wrappers stripped, outermost first. */
  wrappers: string[];
  /** A bare `xargs` was stripped: the command gets more arguments from stdin. */
  viaXargs: boolean;
}

/** Options that take a separate value, per wrapper. */
const VALUE_OPTIONS: Record<string, ReadonlySet<string>> = {
  timeout: new Set(["-s", "--signal", "-k", "--kill-after"]),
  nice: new Set(["-n", "--adjustment"]),
  stdbuf: new Set(["-i", "-o", "-e", "--input", "--output", "--error"]),
  env: new Set(["-u", "--unset"]),
  time: new Set(["-f", "--format", "-o", "--output"]),
};
const WRAPPERS = new Set([
  "timeout",
  "time",
  "nice",
  "nohup",
  "stdbuf",
  "command",
  "builtin",
  "noglob",
  "env",
  "xargs",
]);
/** Options after which the wrapper is not a plain wrapper (it does something else). */
const NOT_A_WRAPPER: Record<string, RegExp> = {
  command: /^-[a-zA-Z]*[vV]/,
  env: /^(-[a-zA-Z]*[SC]|--split-string|--chdir)/,
  time: /^(-o|--output|-a|--append)/,
};

function staticValue(word: ShellWord | undefined): string | undefined {
  return word?.value;
}

/**
 * Strips wrappers until the real command: `timeout [opts] DURATION`, `time [-p]`, `nice [-n N]`,
 * `nohup`, `stdbuf [-oL…]`, `command` (not `command -v`), `builtin`, `noglob`, `env [opts]
 * [NAME=value…]` and a bare `xargs` (without options). Anything unclear stops the stripping,
 * leaving the wrapper as the command (which the classifier treats as unknown).
 */
export function stripWrappers(words: readonly ShellWord[]): UnwrappedCommand {
  let rest = [...words];
  const envAssignments: ShellAssignment[] = [];
  const wrappers: string[] = [];
  let viaXargs = false;
  for (;;) {
    const name = staticValue(rest[0]);
    if (name === undefined || !WRAPPERS.has(name)) break;
    if (name === "xargs") {
      // `xargs $C` runs whatever $C is: stripped, so the command's name is the unknown word.
      const next = rest[1];
      if (next === undefined || (next.value ?? next.source).startsWith("-")) break;
      viaXargs = true;
      wrappers.push(name);
      rest = rest.slice(1);
      continue;
    }
    let i = 1;
    const valueOptions = VALUE_OPTIONS[name] ?? new Set<string>();
    let unclear = false;
    while (i < rest.length) {
      const arg = staticValue(rest[i]);
      if (arg === undefined) {
        unclear = true;
        break;
      }
      if (arg === "--") {
        i++;
        break;
      }
      if (!arg.startsWith("-") || arg === "-") break;
      const notWrapper = NOT_A_WRAPPER[name];
      if (notWrapper?.test(arg)) {
        unclear = true;
        break;
      }
      i += valueOptions.has(arg) ? 2 : 1;
    }
    if (unclear) break;
    if (name === "timeout") {
      if (staticValue(rest[i]) === undefined) break;
      i++; // the duration
    }
    if (name === "env") {
      for (; i < rest.length; i++) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(staticValue(rest[i]) ?? "");
        if (m === null) break;
        const word = rest[i] as ShellWord;
        envAssignments.push({
          name: m[1] as string,
          value: { source: word.source, value: m[2], glob: false, substitutions: [] },
          source: word.source,
        });
      }
    }
    if (i >= rest.length) break; // `env` alone prints the environment; `nohup` alone is an error
    wrappers.push(name);
    rest = rest.slice(i);
  }
  return { words: rest, envAssignments, wrappers, viaXargs };
}
