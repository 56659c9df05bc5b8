import type { ShellWord } from "./shell-words.js";

/** Whether a long option takes no value, a value (`--x=v` or the next word) or only `--x=v`. */
export type LongArity = "none" | "required" | "optional";

/** A command's options, the way GNU `getopt_long` reads them. */
export interface OptionSpec {
  /** Short options without a value (`-r`). */
  flags?: string;
  /** Short options with a value, attached (`-n1`) or the next word (`-n 1`). */
  values?: string;
  /** Short options whose value can only be attached (`-i[SUFFIX]`). */
  optional?: string;
  /** Long options by name (with the dashes). Any unambiguous prefix is accepted, as getopt_long does. */
  long?: Readonly<Record<string, LongArity>>;
  /** Options may follow operands (GNU permutation); otherwise the first operand ends the options. */
  permute?: boolean;
  /** `-5`-style numeric options (`nice -5`). */
  numeric?: boolean;
}

export interface ParsedOption {
  /** The option's full name: `-n` or `--adjustment`. */
  name: string;
  /** Its value: a string, `undefined` when it has none, `null` when it is only known at run time. */
  value: string | null | undefined;
  /** The word holding the value (or the option itself). */
  word: ShellWord;
}

export interface ParsedArgs {
  options: ParsedOption[];
  /** Operands in order (after `--` too). */
  operands: ShellWord[];
  /** Without permutation: the index of the first operand (the words from there on are not options). */
  end: number;
  /** Why the words could not be read: an unknown, ambiguous or run-time option. */
  problem?: string;
}

/**
 * The long option `name` abbreviates, as getopt_long resolves it: itself when it is one, else the
 * one option it is a prefix of. `undefined` when unknown or ambiguous.
 */
export function resolveLongOption(
  name: string,
  long: Readonly<Record<string, LongArity>>,
): string | undefined {
  if (Object.hasOwn(long, name)) return name;
  const candidates = Object.keys(long).filter((k) => k.startsWith(name));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Reads options from `words` (the command's arguments, its name excluded). */
export function getopt(words: readonly ShellWord[], spec: OptionSpec): ParsedArgs {
  const out: ParsedArgs = { options: [], operands: [], end: words.length };
  const long = spec.long ?? {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as ShellWord;
    const v = word.value;
    if (v === undefined) {
      if (!spec.permute || word.source.startsWith("-")) {
        // It may expand to an option, or to several words.
        out.problem ??= `${word.source} is only known when the command runs`;
        out.end = i;
        return out;
      }
      out.operands.push(word);
      continue;
    }
    if (v === "--") {
      out.operands.push(...words.slice(i + 1));
      out.end = i + 1;
      return out;
    }
    if (!v.startsWith("-") || v === "-") {
      if (!spec.permute) {
        out.operands.push(...words.slice(i));
        out.end = i;
        return out;
      }
      out.operands.push(word);
      continue;
    }
    const next = words[i + 1];
    const separate = (): string | null | undefined => {
      if (next === undefined) return undefined;
      i++;
      return next.value ?? null;
    };
    if (v.startsWith("--")) {
      const eq = v.indexOf("=");
      const written = eq < 0 ? v : v.slice(0, eq);
      const name = resolveLongOption(written, long);
      if (name === undefined) return fail(out, i, `${written} is not an option the analysis knows`);
      const arity = long[name];
      if (eq >= 0) {
        if (arity === "none") return fail(out, i, `${name} takes no value`);
        out.options.push({ name, value: v.slice(eq + 1), word });
      } else if (arity === "required") {
        const valueWord = next ?? word;
        out.options.push({ name, value: separate(), word: valueWord });
      } else out.options.push({ name, value: undefined, word });
      continue;
    }
    if (spec.numeric && /^-[0-9]+$/.test(v)) {
      out.options.push({ name: v, value: undefined, word });
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const c = v[j] as string;
      const name = `-${c}`;
      const attached = v.slice(j + 1);
      if (spec.flags?.includes(c)) {
        out.options.push({ name, value: undefined, word });
      } else if (spec.optional?.includes(c)) {
        out.options.push({ name, value: attached === "" ? undefined : attached, word });
        break;
      } else if (spec.values?.includes(c)) {
        if (attached !== "") out.options.push({ name, value: attached, word });
        else {
          const valueWord = next ?? word;
          out.options.push({ name, value: separate(), word: valueWord });
        }
        break;
      } else return fail(out, i, `${name} is not an option the analysis knows`);
    }
  }
  return out;
}

function fail(out: ParsedArgs, i: number, problem: string): ParsedArgs {
  out.problem = problem;
  out.end = i;
  return out;
}
