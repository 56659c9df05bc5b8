import type { SyntaxNode } from "./bash-parser.js";

/**
 * Where bash evaluates text as code although no command is written there. In arithmetic
 * (`$(( ))`, `(( ))`, `for (( ))`, `[[ a -eq b ]]`, array subscripts, `${x:offset}`) a string
 * operand is evaluated again as an expression, and a subscript inside it is expanded — with
 * `$(…)` — so `[[ 'a[$(touch /tmp/x)]' -eq 0 ]]` runs `touch` although the `$(…)` sits in single
 * quotes. `-v NAME` does the same with `NAME[sub]`. A variable set earlier in the same script
 * carries such text too (`x='a[$(…)]'; echo $((x))`).
 *
 * Safe operands: integers, and plain identifiers the script doesn't assign (their values come
 * from the caller's environment). Everything else here needs the `full` level.
 */
export function findEvaluatedCode(root: SyntaxNode): string[] {
  const assigned = assignedNames(root);
  const reasons: string[] = [];
  const visit = (node: SyntaxNode) => {
    const reason = checkNode(node, assigned);
    if (reason !== undefined) reasons.push(reason);
    for (const child of node.children) visit(child);
  };
  visit(root);
  return reasons;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTEGER = /^[-+]?(0[xX][0-9a-fA-F]+|[0-9]+)$/;
/** `$?`, `$#`, `$$`, `$!`: always integers. */
const INTEGER_SPECIALS = new Set(["?", "#", "$", "!"]);
const ASSIGNING_OPERATORS = new Set([
  "=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "<<=",
  ">>=",
  "&=",
  "^=",
  "|=",
  "++",
  "--",
]);
/** `test` operators whose operands bash evaluates as arithmetic (in `[[ ]]`) or as variable names. */
export const EVALUATING_TEST_OPERATORS = new Set(["-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-v", "-R"]);
const ARITHMETIC_NODES = new Set([
  "binary_expression",
  "unary_expression",
  "parenthesized_expression",
  "ternary_expression",
  "postfix_expression",
]);

/** Names the script assigns (plain and prefix assignments, `for` variables, declarations). */
function assignedNames(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const visit = (node: SyntaxNode) => {
    if (node.type === "variable_assignment" || node.type === "for_statement") {
      const name = node.children.find((c) => c.field === "name" || c.field === "variable");
      const base = name?.type === "subscript" ? name.children.find((c) => c.field === "name") : name;
      if (base !== undefined) names.add(base.text);
    }
    if (node.type === "declaration_command") {
      for (const c of node.children) if (c.type === "variable_name") names.add(c.text);
    }
    for (const child of node.children) visit(child);
  };
  visit(root);
  return names;
}

function isIntegerSpecial(node: SyntaxNode): boolean {
  const named = node.children.filter((c) => c.named);
  return (
    node.type === "simple_expansion" &&
    named.length === 1 &&
    named[0]?.type === "special_variable_name" &&
    INTEGER_SPECIALS.has(named[0].text)
  );
}

/** The static text of a quoted or plain operand, or undefined if it expands anything. */
function staticText(node: SyntaxNode): string | undefined {
  switch (node.type) {
    case "number":
    case "word":
    case "variable_name":
      return /[\\$`]/.test(node.text) ? undefined : node.text;
    case "raw_string":
      return node.text.slice(1, -1);
    case "string": {
      const named = node.children.filter((c) => c.named);
      if (named.length === 0) return "";
      return named.length === 1 && named[0]?.type === "string_content" && !/[\\$`]/.test(named[0].text)
        ? named[0].text
        : undefined;
    }
    default:
      return undefined;
  }
}

/** An operand bash may evaluate as arithmetic or as a variable name: an integer or an unassigned identifier. */
function safeOperand(node: SyntaxNode, assigned: ReadonlySet<string>): boolean {
  if (isIntegerSpecial(node)) return true;
  const text = staticText(node);
  if (text === undefined) return false;
  return INTEGER.test(text) || (IDENTIFIER.test(text) && !assigned.has(text));
}

/** An arithmetic expression with only integers, unassigned identifiers and non-assigning operators. */
function safeArithmetic(node: SyntaxNode, assigned: ReadonlySet<string>): boolean {
  if (!node.named) return !ASSIGNING_OPERATORS.has(node.type);
  if (ARITHMETIC_NODES.has(node.type)) return node.children.every((c) => safeArithmetic(c, assigned));
  if (node.type === "number" || node.type === "variable_name" || node.type === "word")
    return safeOperand(node, assigned);
  return isIntegerSpecial(node);
}

function safeTest(node: SyntaxNode, assigned: ReadonlySet<string>): boolean {
  if (node.type === "binary_expression" || node.type === "unary_expression") {
    const operator = node.children.find((c) => c.field === "operator");
    if (operator !== undefined && EVALUATING_TEST_OPERATORS.has(operator.text)) {
      const operands = node.children.filter((c) => c.named && c.field !== "operator");
      if (!operands.every((o) => safeOperand(o, assigned))) return false;
    }
  }
  return node.children.every((c) => safeTest(c, assigned));
}

const TEST_STRUCTURE = new Set([
  "binary_expression",
  "unary_expression",
  "parenthesized_expression",
  "test_operator",
]);

function expands(node: SyntaxNode): boolean {
  if ((node.type.endsWith("expansion") || node.type.endsWith("substitution")) && !isIntegerSpecial(node))
    return true;
  return node.children.some(expands);
}

/**
 * `[ … ]` splits words, so an expansion may turn into `-v` with a subscripted name after it.
 * Safe: at most one expanding word, quoted as a whole (`[ -z "$(git status)" ]`), and no `[` in
 * the static words it could take as a name.
 */
function safeBracketWords(node: SyntaxNode): boolean {
  const words: SyntaxNode[] = [];
  const collect = (n: SyntaxNode) => {
    if (!n.named) return;
    if (TEST_STRUCTURE.has(n.type)) n.children.forEach(collect);
    else words.push(n);
  };
  node.children.forEach(collect);
  const dynamic = words.filter(expands);
  if (dynamic.length > 1 || dynamic.some((w) => w.type !== "string")) return false;
  return words.every((w) => dynamic.includes(w) || !w.text.includes("["));
}

/** `${…}`: subscripts and `:offset` are arithmetic; `!` indirection, `:=`/`=` and `@P` are code too. */
function expansionRisk(node: SyntaxNode, assigned: ReadonlySet<string>): string | undefined {
  let afterColon = false;
  for (const child of node.children) {
    if (child.field === "operator") {
      if (child.text === "!") return `${node.text} refers to a variable through another one`;
      if (child.text === "=" || child.text === ":=") return `${node.text} assigns a variable`;
      if (child.text === "@") return `${node.text} transforms a value (\`@P\` runs its substitutions)`;
      afterColon = child.text === ":";
      continue;
    }
    if (child.type === "subscript") {
      const index = child.children.find((c) => c.field === "index");
      const all = index?.type === "word" && (index.text === "@" || index.text === "*");
      if (index !== undefined && !all && !safeArithmetic(index, assigned))
        return `the subscript of ${node.text} is evaluated as arithmetic`;
    } else if (afterColon && child.named && !safeArithmetic(child, assigned)) {
      return `the offset in ${node.text} is evaluated as arithmetic`;
    }
  }
  return undefined;
}

function checkNode(node: SyntaxNode, assigned: ReadonlySet<string>): string | undefined {
  const arithmetic = (parts: SyntaxNode[]) =>
    parts.every((p) => safeArithmetic(p, assigned))
      ? undefined
      : `${node.text.slice(0, 60)} evaluates text as arithmetic (array subscripts there run \`$(…)\`)`;
  switch (node.type) {
    case "arithmetic_expansion":
      return arithmetic(node.children.filter((c) => c.named));
    case "compound_statement":
      return node.children[0]?.type === "((" ? arithmetic(node.children.filter((c) => c.named)) : undefined;
    case "c_style_for_statement":
      return arithmetic(node.children.filter((c) => c.named && c.field !== "body"));
    case "test_command": {
      const brackets = node.children[0]?.type === "[";
      return safeTest(node, assigned) && (!brackets || safeBracketWords(node))
        ? undefined
        : `${node.text.slice(0, 60)} evaluates an operand as arithmetic or as a variable name`;
    }
    case "expansion":
      return expansionRisk(node, assigned);
    default:
      return undefined;
  }
}
