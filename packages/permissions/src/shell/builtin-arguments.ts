import { isSafeEnvName } from "./command-catalog.js";
import { EVALUATING_TEST_OPERATORS } from "./evaluated-code.js";
import type { ShellWord } from "./shell-words.js";

/** A `test` word that can't carry code: integers, identifiers, operators, parentheses, `]`. */
const INERT_TEST_WORD = /^(-?[0-9]+|[A-Za-z_][A-Za-z0-9_]*|-[a-zA-Z]{1,2}|!|\(|\)|=|==|!=|<|>|\])$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `declare`-family options that only print, export or mark read-only (not `-i`, `-n`, `-a` …). */
const INERT_DECLARE_OPTION = /^[-+][pxrfFg]+$/;

/**
 * Why a read-only builtin would run code through its arguments, or undefined. Bash evaluates
 * `NAME[subscript]` (and `$(…)` inside it) where a builtin takes a variable name — `test -v`,
 * `printf -v`, `unset`, `declare NAME[…]=…` — and as arithmetic where `declare -i` is set; a
 * word only known at run time may turn into such an option.
 */
export function builtinArgumentsRisk(name: string, args: readonly ShellWord[]): string | undefined {
  const values = args.map((a) => a.value);
  const dynamic = args.find((a) => a.value === undefined);
  switch (name) {
    case "test":
    case "[": {
      const evaluating = values.some((v) => v !== undefined && EVALUATING_TEST_OPERATORS.has(v));
      const risky = values.find((v) => v !== undefined && !INERT_TEST_WORD.test(v));
      if (evaluating && (risky !== undefined || dynamic !== undefined))
        return `${name} evaluates ${risky ?? dynamic?.source} as a variable name or number`;
      // A word split at run time may turn into `-v NAME[$(…)]`: one quoted expansion is one word,
      // and it can only name a static word after it, which must then hold no `[`.
      const dynamicWords = args.filter((a) => a.value === undefined);
      const splittable = dynamicWords.some((a) => !/^"[^"]*"$/s.test(a.source));
      if (
        dynamicWords.length > 1 ||
        splittable ||
        (dynamicWords.length === 1 && values.some((v) => v?.includes("[")))
      )
        return `${name} ${dynamic?.source}: the word may turn into -v NAME[$(…)]`;
      return undefined;
    }
    case "printf": {
      const first = args[0];
      if (first !== undefined && first.value === undefined) return `printf ${first.source} may be -v`;
      if (values.some((v) => v === "-v" || v?.startsWith("-v") === true))
        return "printf -v assigns a variable (its subscript is evaluated)";
      return undefined;
    }
    case "unset":
      if (dynamic !== undefined) return `unset ${dynamic.source} is only known when it runs`;
      for (const v of values) {
        if (v === undefined || /^-[vfn]+$/.test(v)) continue;
        if (!IDENTIFIER.test(v)) return `unset ${v} evaluates a subscript`;
      }
      return undefined;
    case "declare":
    case "typeset":
    case "local":
    case "readonly":
    case "export":
      if (dynamic !== undefined) return `${name} ${dynamic.source} is only known when it runs`;
      for (const v of values) {
        if (v === undefined) continue;
        if (v.startsWith("-") || v.startsWith("+")) {
          if (!INERT_DECLARE_OPTION.test(v)) return `${name} ${v} changes how values are evaluated`;
          continue;
        }
        const m = /^([^=]*)(=.*)?$/s.exec(v);
        const varName = m?.[1] ?? "";
        if (!IDENTIFIER.test(varName)) return `${name} ${v}: the name is evaluated (subscripts run code)`;
        if (m?.[2] !== undefined && !isSafeEnvName(varName))
          return `${name} ${varName}=… changes how commands run`;
      }
      return undefined;
    default:
      return undefined;
  }
}
