import { PermissionError } from "../permission-error.js";
import type { RuleBehavior } from "../rule-matcher.js";
import { canonicalToolName } from "./tool-names.js";

/** Where a rule came from: named in messages, and the anchor of its `/path` patterns. */
export interface RuleSource {
  kind: "user" | "project" | "local" | "cli" | "session";
  /** `/path` anchor: the project root (project), the start dir (local, CLI, session), `$KEEL_HOME` (user). */
  root: string;
  /** The settings file (or flag) it was read from. */
  origin?: string;
}

export interface PermissionRule {
  /** As written (quoted in messages). */
  text: string;
  behavior: RuleBehavior;
  /** The tool name as written (may be a glob in deny/ask rules, or an MCP server). */
  tool: string;
  /** The part in parentheses; undefined for a bare name (and for `Tool(*)`). */
  specifier: string | undefined;
  source: RuleSource;
  /** Set when the rule is accepted but can never match (e.g. `Write(path)`: use `Edit(path)`). */
  warning?: string;
}

const TOOL_NAME = /^[A-Za-z0-9_*.-]+$/;
/** Path rules written against tools that `Edit(...)`/`Read(...)` already cover. */
const PATH_ALIASES: Record<string, string> = {
  write: "Edit",
  multiedit: "Edit",
  notebookedit: "Edit",
  glob: "Read",
};

/**
 * Parses `Tool` or `Tool(specifier)` (Claude Code's syntax). Throws a PermissionError
 * (`invalid_rule`) saying what is wrong for malformed rules: empty, unbalanced parentheses,
 * bad characters in the tool name, an empty specifier, a `WebFetch` specifier without
 * `domain:`, or a tool-name glob in an allow rule (other than after `mcp__server__`).
 */
export function parsePermissionRule(
  text: string,
  behavior: RuleBehavior,
  source: RuleSource,
): PermissionRule {
  const fail = (why: string): never => {
    throw new PermissionError("invalid_rule", `Invalid permission rule "${text}": ${why}`);
  };
  const trimmed = text.trim();
  if (trimmed === "") fail("it is empty; write a tool name such as Bash or Read(./src/**)");
  const open = trimmed.indexOf("(");
  let tool = trimmed;
  let specifier: string | undefined;
  if (open !== -1) {
    if (!trimmed.endsWith(")")) fail('missing ")" at the end; write Tool(specifier)');
    tool = trimmed.slice(0, open);
    specifier = trimmed.slice(open + 1, -1);
    if (specifier.trim() === "") fail("the parentheses are empty; drop them to match every call");
  } else if (trimmed.includes(")")) fail('unbalanced ")"');
  if (!TOOL_NAME.test(tool)) fail(`"${tool}" is not a tool name (letters, digits, _ - . and * only)`);
  if (tool.includes("*") && behavior === "allow" && !/^mcp__[^*_]+(?:_[^*_]+)*__/.test(tool))
    fail("tool-name globs are only allowed in deny and ask rules (or after mcp__<server>__ in allow rules)");
  const canonical = canonicalToolName(tool);
  if (specifier?.trim() === "*") specifier = undefined;
  if (canonical === "webfetch" && specifier !== undefined && !specifier.startsWith("domain:"))
    fail("WebFetch rules take domain:<host>, e.g. WebFetch(domain:example.com)");
  const rule: PermissionRule = { text: trimmed, behavior, tool, specifier, source };
  const alias = PATH_ALIASES[canonical];
  if (alias !== undefined && specifier !== undefined)
    rule.warning = `The rule "${trimmed}" is never consulted: write ${alias}(${specifier}) instead (it covers ${tool}).`;
  return rule;
}
