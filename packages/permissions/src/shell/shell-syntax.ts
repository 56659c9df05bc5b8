import type { SyntaxNode } from "./bash-parser.js";
import {
  collectSubstitutions,
  evaluateWord,
  evaluateWords,
  type ShellWord,
  type WordEnv,
} from "./shell-words.js";

export interface ShellAssignment {
  name: string;
  value: ShellWord | undefined;
  source: string;
}

export interface ShellRedirect {
  /** `read` (`<`), `write` (`>`, `>>`, `&>`, `>|`, `<>`), or `none` (fd duplication, heredocs, here-strings). */
  kind: "read" | "write" | "none";
  target: ShellWord | undefined;
}

/** One simple command: `NAME=v … word word … >redirects`. */
export interface SimpleCommand {
  assignments: ShellAssignment[];
  /** Command name and arguments (empty for a bare assignment). */
  words: ShellWord[];
  redirects: ShellRedirect[];
  /**
   * Not a simple command but a construct that rules must still cover, with its source text:
   * `test` (`[[ … ]]`, `[ … ]`), `arithmetic` (`(( … ))`, the header of `for (( … ))`), or
   * `unknown` (syntax the analysis doesn't read: it may run anything). Substitutions inside are
   * separate commands.
   */
  construct?: { kind: "test" | "arithmetic" | "unknown"; text: string };
}

/** Every simple command of a script, in the order they start, and what the walk could not see through. */
export interface CommandWalk {
  commands: SimpleCommand[];
  /** Constructs whose effect the analysis can't bound (function definitions, unknown syntax). */
  opaque: string[];
}

/** Containers whose named children are statements. */
const CONTAINERS = new Set([
  "program",
  "list",
  "pipeline",
  "subshell",
  "compound_statement",
  "do_group",
  "negated_command",
  "if_statement",
  "elif_clause",
  "else_clause",
  "while_statement",
  "case_item",
]);

const WRITE_OPS = new Set([">", ">>", "&>", "&>>", ">|", "<>"]);

/** Children of a heredoc redirect that are not part of the heredoc itself. */
const HEREDOC_PARTS = new Set(["heredoc_start", "heredoc_body", "heredoc_end", "heredoc_content"]);

function redirectsOf(node: SyntaxNode, env: WordEnv, walk: Walker): ShellRedirect[] {
  if (node.type === "heredoc_redirect") {
    // tree-sitter-bash nests what follows `<<EOF` on its line inside the heredoc node:
    // `cat <<EOF > out | sh && rm x` — those redirects and commands are real.
    const out: ShellRedirect[] = [];
    for (const child of node.children) {
      if (!child.named || HEREDOC_PARTS.has(child.type)) {
        for (const sub of collectSubstitutions(child)) walk.statement(sub);
      } else if (child.type.endsWith("_redirect")) out.push(...redirectsOf(child, env, walk));
      else walk.statement(child);
    }
    return out;
  }
  for (const sub of collectSubstitutions(node)) walk.statement(sub);
  if (node.type !== "file_redirect") return [];
  const op = node.children.find((c) => !c.named)?.text ?? ">";
  const dest =
    node.children.find((c) => c.field === "destination") ?? node.children.filter((c) => c.named).at(-1);
  const target = dest === undefined ? undefined : evaluateWord(dest, env);
  if (op === ">&" || op === "<&") {
    // `2>&1`, `>&-` duplicate descriptors; `>& file` writes a file.
    if (dest === undefined || dest.type === "number" || dest.text === "-") return [];
    return [{ kind: op === ">&" ? "write" : "read", target }];
  }
  return [{ kind: WRITE_OPS.has(op) ? "write" : "read", target }];
}

class Walker {
  readonly commands: SimpleCommand[] = [];
  readonly opaque: string[] = [];
  readonly #env: WordEnv;

  constructor(env: WordEnv) {
    this.#env = env;
  }

  /** One word where bash wants exactly one (assignment values). */
  #word(node: SyntaxNode): ShellWord {
    const word = evaluateWord(node, this.#env);
    for (const sub of word.substitutions) this.statement(sub);
    return word;
  }

  /** The words one argument becomes after brace expansion; its substitutions are walked once. */
  #words(node: SyntaxNode): ShellWord[] {
    for (const sub of collectSubstitutions(node)) this.statement(sub);
    return evaluateWords(node, this.#env);
  }

  #construct(kind: "test" | "arithmetic" | "unknown", node: SyntaxNode, redirects: ShellRedirect[]): void {
    for (const sub of collectSubstitutions(node)) this.statement(sub);
    this.commands.push({ assignments: [], words: [], redirects, construct: { kind, text: node.text } });
  }

  #assignment(node: SyntaxNode): ShellAssignment {
    const name = node.children.find((c) => c.field === "name")?.text ?? "";
    const valueNode = node.children.find((c) => c.field === "value");
    return { name, value: valueNode === undefined ? undefined : this.#word(valueNode), source: node.text };
  }

  #command(node: SyntaxNode, extraRedirects: ShellRedirect[]): void {
    const assignments: ShellAssignment[] = [];
    const words: ShellWord[] = [];
    const redirects: ShellRedirect[] = [];
    for (const child of node.children) {
      if (child.type === "variable_assignment") assignments.push(this.#assignment(child));
      else if (child.field === "redirect" || child.type.endsWith("_redirect"))
        redirects.push(...redirectsOf(child, this.#env, this));
      else if (child.type === "command_name") {
        const inner = child.children[0];
        words.push(...this.#words(inner ?? child));
      } else if (child.field === "argument") words.push(...this.#words(child));
      else if (child.named && child.type !== "comment") {
        this.opaque.push(`unsupported syntax (${child.type})`);
        words.push(...this.#words(child));
      }
    }
    this.commands.push({ assignments, words, redirects: [...redirects, ...extraRedirects] });
  }

  /** Walks one statement-level node. */
  statement(node: SyntaxNode, extraRedirects: ShellRedirect[] = []): void {
    switch (node.type) {
      case "command":
        this.#command(node, extraRedirects);
        return;
      case "redirected_statement": {
        const redirects = node.children
          .filter((c) => c.field === "redirect" || c.type.endsWith("_redirect"))
          .flatMap((c) => redirectsOf(c, this.#env, this));
        const body = node.children.find((c) => c.field === "body");
        if (body === undefined) this.commands.push({ assignments: [], words: [], redirects });
        else this.statement(body, [...extraRedirects, ...redirects]);
        return;
      }
      case "command_substitution":
      case "process_substitution":
        for (const child of node.children) if (child.named) this.statement(child);
        return;
      case "variable_assignment":
        this.commands.push({ assignments: [this.#assignment(node)], words: [], redirects: extraRedirects });
        return;
      case "variable_assignments":
        this.commands.push({
          assignments: node.children
            .filter((c) => c.type === "variable_assignment")
            .map((c) => this.#assignment(c)),
          words: [],
          redirects: extraRedirects,
        });
        return;
      case "declaration_command":
      case "unset_command": {
        const words: ShellWord[] = [];
        const assignments: ShellAssignment[] = [];
        for (const child of node.children) {
          // The assignment is also a word, so rules see `export PATH=…` as written; the
          // keyword (`export`, `unset` …) is an anonymous node.
          if (child.type === "variable_assignment") assignments.push(this.#assignment(child));
          words.push(
            ...(child.type === "variable_assignment" || child.type === "variable_name" || !child.named
              ? [{ source: child.text, value: child.text, glob: false, substitutions: [] }]
              : this.#words(child)),
          );
        }
        // `export A=1` declares; classification treats these names like leading assignments.
        this.commands.push({ assignments, words, redirects: extraRedirects });
        return;
      }
      case "test_command":
        this.#construct("test", node, extraRedirects);
        return;
      case "c_style_for_statement":
        for (const child of node.children) {
          if (child.field === "body") this.statement(child, extraRedirects);
          else if (child.named) this.#construct("arithmetic", child, extraRedirects);
        }
        return;
      case "for_statement":
      case "case_statement":
        for (const child of node.children) {
          if (child.field === "value") this.#word(child);
          else if (child.named && child.type !== "variable_name") this.statement(child);
        }
        return;
      case "function_definition":
        this.opaque.push("a function definition");
        for (const child of node.children) if (child.field === "body") this.statement(child);
        return;
      case "comment":
        return;
      default:
        if (node.type === "compound_statement" && node.children[0]?.type === "((") {
          this.#construct("arithmetic", node, extraRedirects);
          return;
        }
        if (CONTAINERS.has(node.type)) {
          for (const child of node.children) {
            if (child.field === "redirect" || child.type.endsWith("_redirect"))
              extraRedirects.push(...redirectsOf(child, this.#env, this));
          }
          for (const child of node.children) {
            if (child.named && !(child.field === "redirect" || child.type.endsWith("_redirect")))
              this.statement(child, extraRedirects);
          }
          return;
        }
        this.opaque.push(`unsupported syntax (${node.type})`);
        this.#construct("unknown", node, extraRedirects);
    }
  }
}

/** Flattens a parsed script into simple commands (substitutions first: they run first). */
export function walkCommands(root: SyntaxNode, env: WordEnv): CommandWalk {
  const walker = new Walker(env);
  walker.statement(root);
  return { commands: walker.commands, opaque: walker.opaque };
}
