import type { CustomCommand } from "./load-custom-commands.js";

/**
 * Split an argument string like a shell would, without expansion: whitespace separates, single
 * and double quotes group, a backslash escapes the next character (not inside single quotes).
 */
export function splitArguments(args: string): string[] {
  const out: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < args.length; i++) {
    const ch = args[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === "\\" && quote === '"' && i + 1 < args.length) current += args[++i];
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < args.length) {
      current += args[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) out.push(current);
  return out;
}

/**
 * How `$N` counts (compat §7): a body using `$0` or `$ARGUMENTS[N]`, or declaring `arguments:`,
 * is 2026 style (`$0` is the first argument); one using only `$1…` is 2025 style (`$1` first).
 */
export function argumentBase(command: Pick<CustomCommand, "body" | "argumentNames">): 0 | 1 {
  if (command.argumentNames.length > 0) return 0;
  return /(?<!\\)\$0(?!\d)|(?<!\\)\$ARGUMENTS\[\d+\]/.test(command.body) ? 0 : 1;
}

const PLACEHOLDER = /\\\$|\$ARGUMENTS\[(\d+)\]|\$ARGUMENTS\b|\$(\d+)|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The prompt a custom command sends for `args` (the text typed after `/name`): `$ARGUMENTS` is
 * the whole string, `$ARGUMENTS[N]` and `$N` one argument (see `argumentBase`), `$name` a named
 * argument. A placeholder with no such argument stays as written; `\$` is a literal `$`. When the
 * body uses no placeholder and arguments were given, they are appended as `ARGUMENTS: …`.
 */
export function expandCommand(command: Pick<CustomCommand, "body" | "argumentNames">, args: string): string {
  const all = args.trim();
  const positional = splitArguments(all);
  const base = argumentBase(command);
  let used = false;
  const text = command.body.replace(
    PLACEHOLDER,
    (match, indexed?: string, numbered?: string, named?: string) => {
      if (match === "\\$") return "$";
      if (indexed !== undefined || numbered !== undefined) {
        used = true;
        const i = indexed !== undefined ? Number(indexed) : Number(numbered) - base;
        return i >= 0 && i < positional.length ? positional[i]! : match;
      }
      if (named !== undefined) {
        const at = command.argumentNames.indexOf(named);
        if (at < 0) return match;
        used = true;
        return at < positional.length ? positional[at]! : match;
      }
      used = true;
      return all;
    },
  );
  return !used && all !== "" ? `${text}\n\nARGUMENTS: ${all}` : text;
}
