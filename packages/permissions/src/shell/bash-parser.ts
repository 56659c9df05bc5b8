import { createRequire } from "node:module";
import type { Node, Parser as TreeSitterParser } from "web-tree-sitter";

/** A bash syntax node as plain data (the tree-sitter tree is freed right after parsing). */
export interface SyntaxNode {
  type: string;
  /** Source text of the node. */
  text: string;
  /** Named node (`command`, `word` …) rather than punctuation (`;`, `&&` …). */
  named: boolean;
  /** The grammar field this node fills in its parent (`name`, `argument`, `redirect` …). */
  field: string | undefined;
  /** ERROR or MISSING node. */
  error: boolean;
  children: SyntaxNode[];
}

let parserPromise: Promise<TreeSitterParser> | undefined;

/**
 * The tree-sitter bash parser, loaded on first use (web-tree-sitter + the wasm grammar shipped
 * in `tree-sitter-bash`, ~10–30 ms) and shared afterwards. Nothing is loaded at import time.
 */
function loadParser(): Promise<TreeSitterParser> {
  parserPromise ??= (async () => {
    const { Parser, Language } = await import("web-tree-sitter");
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  parserPromise.catch(() => {
    parserPromise = undefined;
  });
  return parserPromise;
}

function toPlain(node: Node, field: string | undefined): SyntaxNode {
  const children: SyntaxNode[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child !== null) children.push(toPlain(child, node.fieldNameForChild(i) ?? undefined));
  }
  return {
    type: node.type,
    text: node.text,
    named: node.isNamed,
    field,
    error: node.isError || node.isMissing,
    children,
  };
}

/** Parses bash source into plain syntax nodes (the `program` root). Rejects only if the grammar can't load. */
export async function parseBash(source: string): Promise<SyntaxNode> {
  const parser = await loadParser();
  const tree = parser.parse(source);
  if (tree === null) throw new Error("the bash parser returned no tree");
  try {
    return toPlain(tree.rootNode, undefined);
  } finally {
    tree.delete();
  }
}

/** True if the tree contains an ERROR or MISSING node anywhere. */
export function hasSyntaxError(node: SyntaxNode): boolean {
  return node.error || node.children.some(hasSyntaxError);
}
