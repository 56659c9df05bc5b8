import type { SyntaxNode } from "./bash-parser.js";
import { type BraceToken, braceTokens, expandBraces, hasLeftoverBraces } from "./brace-expansion.js";

/** A shell word as the analysis sees it. */
export interface ShellWord {
  /** The word as written. */
  source: string;
  /**
   * The value after brace expansion, quote removal and expansion of `~`, `$HOME`, `${HOME}`
   * and `$PWD`; undefined when it depends on the run (other variables, substitutions).
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

/** Unquoted word text: backslash escapes removed; reports unquoted glob characters. */
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

/** Unquoted text; at the start of a word `~` and `~+` expand (tilde expansion). */
function literalPart(text: string, env: WordEnv, first: boolean): Part {
  if (first && text.startsWith("~")) {
    const m = /^~([^/]*)(.*)$/s.exec(text);
    const user = m?.[1] ?? "";
    const rest = unquoted(m?.[2] ?? "");
    if (user === "")
      return { value: rest.value === undefined ? undefined : env.home + rest.value, glob: rest.glob };
    if (user === "+")
      return { value: rest.value === undefined ? undefined : env.pwd + rest.value, glob: rest.glob };
    return { value: undefined, glob: rest.glob };
  }
  return unquoted(text);
}

function evaluatePart(node: SyntaxNode, env: WordEnv, first: boolean): Part {
  switch (node.type) {
    case "word":
      return literalPart(node.text, env, first);
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

/** One brace-expanded word: runs of unquoted characters and whole nodes, evaluated in order. */
function evaluateTokens(tokens: readonly BraceToken[], env: WordEnv): ShellWord {
  let value: string | undefined = "";
  let glob = false;
  let source = "";
  const substitutions: SyntaxNode[] = [];
  let run = "";
  let first = true;
  const add = (part: Part) => {
    glob ||= part.glob;
    value = value === undefined || part.value === undefined ? undefined : value + part.value;
    first = false;
  };
  const flush = () => {
    if (run !== "") add(literalPart(run, env, first));
    run = "";
  };
  for (const t of tokens) {
    if (t.kind === "char") {
      run += t.raw;
      source += t.raw;
      continue;
    }
    flush();
    add(evaluatePart(t.node, env, first));
    source += t.node.text;
    substitutions.push(...collectSubstitutions(t.node));
  }
  flush();
  if (hasLeftoverBraces(tokens)) value = undefined;
  return { source, value, glob, substitutions };
}

/**
 * Evaluates one argument node as far as it can be known before the command runs, brace
 * expansion included: `{a,b}x` is two words, `ax` and `bx` (tree-sitter splits `{a,b}` into
 * plain words, so without this `cat {/etc/passwd,x}` would look like one path in the cwd).
 * A word that expands to too many words comes back as one word whose value is unknown.
 */
export function evaluateWords(node: SyntaxNode, env: WordEnv): ShellWord[] {
  if (!node.text.includes("{")) {
    const part = evaluatePart(node, env, true);
    return [
      { source: node.text, value: part.value, glob: part.glob, substitutions: collectSubstitutions(node) },
    ];
  }
  const tokens = braceTokens(node);
  const expanded = expandBraces(tokens);
  if (expanded === undefined)
    return [{ source: node.text, value: undefined, glob: false, substitutions: collectSubstitutions(node) }];
  const words = expanded.map((t) => evaluateTokens(t, env));
  // Bash drops words that brace expansion left empty (`{,a}` is just `a`).
  const kept = words.filter((w) => w.source !== "");
  return kept.length === 0 ? words.slice(0, 1) : kept;
}

/**
 * Evaluates a node where bash wants exactly one word (a redirect target, an assignment value):
 * a brace expression that makes several words leaves its value unknown.
 */
export function evaluateWord(node: SyntaxNode, env: WordEnv): ShellWord {
  const words = evaluateWords(node, env);
  const [only] = words;
  if (words.length === 1 && only !== undefined) return only;
  return { source: node.text, value: undefined, glob: false, substitutions: collectSubstitutions(node) };
}
