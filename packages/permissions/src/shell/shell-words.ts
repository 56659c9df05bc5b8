import type { SyntaxNode } from "./bash-parser.js";

/** A shell word as the analysis sees it. */
export interface ShellWord {
  /** The word as written. */
  source: string;
  /**
   * The value after quote removal and expansion of `~`, `$HOME`, `${HOME}` and `$PWD`;
   * undefined when it depends on the run (other variables, substitutions, brace expansion).
   */
  value: string | undefined;
  /** Contains an unquoted `*`, `?` or `[` (the shell expands it against the filesystem). */
  glob: boolean;
  /** `$(…)`, backtick and `<(…)` substitutions inside the word: commands of their own. */
  substitutions: SyntaxNode[];
}

/** What known variables expand to. */
export interface WordEnv {
  home: string;
  pwd: string;
}

const SUBSTITUTIONS = new Set(["command_substitution", "process_substitution"]);

/** Every substitution inside `node` (not looking inside a substitution: it is analysed on its own). */
export function collectSubstitutions(node: SyntaxNode, out: SyntaxNode[] = []): SyntaxNode[] {
  if (SUBSTITUTIONS.has(node.type)) {
    out.push(node);
    return out;
  }
  for (const child of node.children) collectSubstitutions(child, out);
  return out;
}

function variable(name: string, env: WordEnv): string | undefined {
  if (name === "HOME") return env.home;
  if (name === "PWD") return env.pwd;
  return undefined;
}

/** Unquoted word text: backslash escapes removed; reports unquoted glob characters and braces. */
function unquoted(text: string): { value: string | undefined; glob: boolean } {
  let value = "";
  let glob = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\\") {
      i++;
      if (i < text.length && text[i] !== "\n") value += text[i];
      continue;
    }
    if (c === "*" || c === "?" || c === "[") glob = true;
    value += c;
  }
  // Brace expansion (`{a,b}`, `{1..3}`) produces several words: not a single static value.
  if (/\{[^}]*(,|\.\.)[^}]*\}/.test(text)) return { value: undefined, glob };
  return { value, glob };
}

function doubleQuotedLiteral(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === "\n" ? "" : c));
}

function expansionValue(node: SyntaxNode, env: WordEnv): string | undefined {
  const named = node.children.filter((c) => c.named);
  const only = named[0];
  if (named.length !== 1 || only === undefined || only.type !== "variable_name") return undefined;
  // `${HOME}` has exactly `${`, the name and `}`; anything else (`${HOME:-x}`, `${#HOME}`) is dynamic.
  if (node.type === "expansion" && node.children.length !== 3) return undefined;
  return variable(only.text, env);
}

interface Part {
  value: string | undefined;
  glob: boolean;
}

function evaluatePart(node: SyntaxNode, env: WordEnv, first: boolean): Part {
  switch (node.type) {
    case "word": {
      if (first && node.text.startsWith("~")) {
        const m = /^~([^/]*)(.*)$/s.exec(node.text);
        const user = m?.[1] ?? "";
        const rest = unquoted(m?.[2] ?? "");
        if (user === "")
          return { value: rest.value === undefined ? undefined : env.home + rest.value, glob: rest.glob };
        if (user === "+")
          return { value: rest.value === undefined ? undefined : env.pwd + rest.value, glob: rest.glob };
        return { value: undefined, glob: rest.glob };
      }
      return unquoted(node.text);
    }
    case "number":
    case "test_operator":
      return { value: node.text, glob: false };
    case "raw_string":
      return { value: node.text.slice(1, -1), glob: false };
    case "ansi_c_string":
      return { value: node.text.includes("\\") ? undefined : node.text.slice(2, -1), glob: false };
    case "string":
    case "translated_string": {
      let value: string | undefined = "";
      for (const child of node.children) {
        if (!child.named) continue;
        const part =
          child.type === "string_content"
            ? { value: doubleQuotedLiteral(child.text), glob: false }
            : evaluatePart(child, env, false);
        value = value === undefined || part.value === undefined ? undefined : value + part.value;
      }
      return { value, glob: false };
    }
    case "simple_expansion":
    case "expansion":
      return { value: expansionValue(node, env), glob: false };
    case "concatenation": {
      let value: string | undefined = "";
      let glob = false;
      for (const [i, child] of node.children.entries()) {
        const part = evaluatePart(child, env, first && i === 0);
        glob ||= part.glob;
        value = value === undefined || part.value === undefined ? undefined : value + part.value;
      }
      return { value, glob };
    }
    default:
      return { value: undefined, glob: false };
  }
}

/** Evaluates one argument node as far as it can be known before the command runs. */
export function evaluateWord(node: SyntaxNode, env: WordEnv): ShellWord {
  const part = evaluatePart(node, env, true);
  return { source: node.text, value: part.value, glob: part.glob, substitutions: collectSubstitutions(node) };
}
