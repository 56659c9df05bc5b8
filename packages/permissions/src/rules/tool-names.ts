/** Old tool names accepted in rules, lower-cased, mapped to the current ones. */
const ALIASES: Record<string, string> = {
  task: "agent",
  bashoutput: "taskoutput",
  killshell: "taskstop",
};

/** A tool name for comparison: lower-cased (rules are case-insensitive), old names mapped to new. */
export function canonicalToolName(name: string): string {
  const lower = name.toLowerCase();
  return ALIASES[lower] ?? lower;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${body}$`);
}

/**
 * Whether a rule's tool name covers a tool: equal (case-insensitive, aliases applied), a glob
 * (`mcp__server__*`, `*`), or an MCP server name (`mcp__server` covers all of its tools).
 */
export function toolNameMatches(ruleTool: string, toolName: string): boolean {
  const rule = canonicalToolName(ruleTool);
  const tool = canonicalToolName(toolName);
  if (rule === tool) return true;
  if (rule.includes("*")) return globToRegExp(rule).test(tool);
  return rule.startsWith("mcp__") && !rule.slice(5).includes("__") && tool.startsWith(`${rule}__`);
}

/** Tools whose `file_path`/`notebook_path` an `Edit(...)` rule covers. */
export const EDIT_TOOLS = new Set(["edit", "write", "multiedit", "notebookedit"]);
/** Tools whose paths a `Read(...)` rule covers. */
export const READ_TOOLS = new Set(["read", "grep", "glob"]);
