import { getopt, type ParsedArgs, type ParsedOption } from "./getopt.js";
import type { ShellAssignment } from "./shell-syntax.js";
import type { ShellWord } from "./shell-words.js";
import { SCRIPT_OPTIONS, SU_OPTIONS, WRAPPER_SPECS, type WrapperSpec } from "./wrapper-specs.js";

/** A path a wrapper itself reads or writes (`flock FILE`, `time -o FILE`, `xargs -a FILE`). */
export interface WrapperPath {
  kind: "read" | "write";
  word: ShellWord;
  value: string | undefined;
}

/** A command with its wrappers (`timeout 5`, `nice -n 2`, `env A=1`, `sudo` …) removed. */
export interface UnwrappedCommand {
  words: ShellWord[];
  /** Assignments made through `env NAME=value` (or `sudo NAME=value`). */
  envAssignments: ShellAssignment[];
  /** Wrappers stripped, outermost first. */
  wrappers: string[];
  /** `xargs` was stripped: the command gets more arguments from stdin. */
  viaXargs: boolean;
  /** `xargs -I R`: words holding R are replaced by input. */
  xargsReplace?: string;
  /** What runs can't be known (`env -S …`, `sudo -s …`, `su` without `-c`): the reason. */
  hidden?: string;
  /** Why the command needs `full` whatever it is (`sudo`, `script`). */
  fullReasons: string[];
  paths: WrapperPath[];
}

/** A word the analysis made up (`sh`, `-c`, a joined code string). */
function madeWord(value: string | undefined, source = value ?? ""): ShellWord {
  return { source, value, glob: false, substitutions: [] };
}

/** `sh -c CODE`: how a wrapper's shell code is analysed (as a nested shell). */
function shellCode(code: ShellWord): ShellWord[] {
  return [madeWord("sh"), madeWord("-c"), code];
}

function optionWord(o: ParsedOption): ShellWord {
  return o.value === null ? o.word : madeWord(o.value ?? "", o.word.source);
}

type Step = { kind: "command"; words: ShellWord[] } | { kind: "stop" } | { kind: "hidden"; reason: string };

/** The code of `-c CODE` among parsed options, or of a `-c CODE` pair among operands. */
function codeOption(parsed: ParsedArgs, names: readonly string[]): ShellWord | undefined {
  const option = parsed.options.find((o) => names.includes(o.name));
  if (option !== undefined) return optionWord(option);
  const i = parsed.operands.findIndex((w) => w.value === "-c" || w.value === "--command");
  return i < 0 ? undefined : (parsed.operands[i + 1] ?? madeWord(undefined, "(missing)"));
}

/** `su [-] [USER] -c CODE`, `runuser -u USER CMD…`, `runuser USER -c CODE`, `script -c CODE`. */
function shellWrapper(name: string, args: readonly ShellWord[], out: UnwrappedCommand): Step {
  const parsed = getopt(args, name === "script" ? SCRIPT_OPTIONS : { ...SU_OPTIONS, permute: false });
  if (parsed.problem !== undefined) return { kind: "hidden", reason: `${name}: ${parsed.problem}` };
  out.fullReasons.push(
    name === "script" ? "script records the session in a file" : `${name} runs the command as another user`,
  );
  if (name === "runuser" && parsed.options.some((o) => o.name === "-u" || o.name === "--user")) {
    const words = parsed.operands;
    return words.length === 0 ? { kind: "stop" } : { kind: "command", words };
  }
  const code = codeOption(parsed, ["-c", "--command", "--session-command"]);
  if (code === undefined)
    return { kind: "hidden", reason: `${name} runs a shell that reads commands the analysis can't see` };
  return { kind: "command", words: shellCode(code) };
}

function leadingOperand(kind: WrapperSpec["leading"], value: string | undefined): boolean {
  if (value === undefined) return false;
  if (kind === "number") return /^[0-9]+$/.test(value);
  return true;
}

/** One wrapper described by a `WrapperSpec`. */
function specWrapper(
  name: string,
  spec: WrapperSpec,
  args: readonly ShellWord[],
  out: UnwrappedCommand,
): Step {
  const parsed = getopt(args, spec.options);
  const names = parsed.options.map((o) => o.name);
  if (names.some((n) => spec.notWrapper?.includes(n))) return { kind: "stop" };
  if (parsed.problem !== undefined) return { kind: "hidden", reason: `${name}: ${parsed.problem}` };
  const hiding = names.find((n) => spec.hides?.includes(n));
  if (hiding !== undefined) return { kind: "hidden", reason: `${name} ${hiding} hides what runs` };
  for (const o of parsed.options) {
    const kind = spec.writes?.includes(o.name) ? "write" : spec.reads?.includes(o.name) ? "read" : undefined;
    if (kind !== undefined) out.paths.push({ kind, word: o.word, value: o.value ?? undefined });
  }
  let words = parsed.operands;
  if (spec.leading !== undefined) {
    const first = words[0];
    if (leadingOperand(spec.leading, first?.value)) words = words.slice(1);
    else if (spec.leading !== "number" || first?.value === undefined)
      return { kind: "hidden", reason: `${name} ${first?.source ?? ""}: the command's position is unclear` };
  }
  if (name === "env" && words[0]?.value === "-") words = words.slice(1); // `env -` is `env -i`
  if (spec.assignments) words = takeAssignments(words, out);
  if (spec.privileged !== undefined) out.fullReasons.push(spec.privileged);
  if (name === "flock") return flock(words, out);
  if (name === "watch" && !names.includes("-x") && !names.includes("--exec")) {
    // watch runs `sh -c` with its arguments joined by spaces.
    if (words.length === 0) return { kind: "stop" };
    const dynamic = words.some((w) => w.value === undefined);
    const joined = madeWord(
      dynamic ? undefined : words.map((w) => w.value).join(" "),
      words.map((w) => w.source).join(" "),
    );
    return { kind: "command", words: shellCode(joined) };
  }
  if (words.length === 0) return { kind: "stop" }; // `xargs` alone runs `echo`; `env` alone prints
  if (name === "xargs") {
    out.viaXargs = true;
    const replace = parsed.options.find((o) => ["-I", "-i", "--replace"].includes(o.name));
    if (replace !== undefined) {
      if (replace.value === null) return { kind: "hidden", reason: "xargs -I with a run-time replacement" };
      out.xargsReplace = replace.value ?? "{}";
    }
  }
  return { kind: "command", words };
}

/** `flock [opts] FILE CMD…` or `flock [opts] FILE -c CODE`; `flock FD` locks a descriptor. */
function flock(words: readonly ShellWord[], out: UnwrappedCommand): Step {
  const [file, ...rest] = words;
  if (file === undefined || rest.length === 0) return { kind: "stop" };
  out.paths.push({ kind: "write", word: file, value: file.value });
  const flag = rest[0]?.value;
  if (flag === "-c" || flag === "--command")
    return { kind: "command", words: shellCode(rest[1] ?? madeWord(undefined, "(missing)")) };
  return { kind: "command", words: rest };
}

function takeAssignments(words: readonly ShellWord[], out: UnwrappedCommand): ShellWord[] {
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i] as ShellWord;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word.value ?? "");
    if (m === null) break;
    out.envAssignments.push({
      name: m[1] as string,
      value: madeWord(m[2], word.source),
      source: word.source,
    });
  }
  return words.slice(i);
}

/**
 * Strips wrappers until the real command: `timeout`, `time`, `nice`, `nohup`, `stdbuf`,
 * `command` (not `-v`), `builtin`, `noglob`, `exec`, `setsid`, `env [opts] [NAME=value…]`,
 * `ionice`, `chrt`, `taskset`, `flock FILE`, `watch` (its arguments are `sh -c` code), `xargs
 * [opts]`, `sudo`, `doas`, `su`/`runuser`/`script` (`-c CODE` as `sh -c CODE`), `busybox`. A
 * wrapper whose options the analysis can't read, or that hides what it runs, leaves `hidden`
 * set: the command may be anything. A use that runs nothing (`command -v`, `env` alone) stops
 * the stripping and stays the command.
 */
export function stripWrappers(words: readonly ShellWord[]): UnwrappedCommand {
  let rest = [...words];
  const out: UnwrappedCommand = {
    words: rest,
    envAssignments: [],
    wrappers: [],
    viaXargs: false,
    fullReasons: [],
    paths: [],
  };
  for (;;) {
    const name = rest[0]?.value;
    if (name === undefined) break;
    const spec = WRAPPER_SPECS[name];
    let step: Step;
    if (spec !== undefined) step = specWrapper(name, spec, rest.slice(1), out);
    else if (name === "su" || name === "runuser" || name === "script")
      step = shellWrapper(name, rest.slice(1), out);
    else break;
    if (step.kind === "stop") break;
    if (step.kind === "hidden") {
      out.hidden = step.reason;
      break;
    }
    out.wrappers.push(name);
    rest = step.words;
  }
  out.words = rest;
  return out;
}
