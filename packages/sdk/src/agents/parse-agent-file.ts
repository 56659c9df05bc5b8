import { type FrontmatterValue, parseFrontmatter } from "../frontmatter/parse-frontmatter.js";
import type { AgentDefinition, AgentSource } from "./agent-definition.js";

export type AgentFileParse =
  | { ok: true; definition: AgentDefinition; warnings: string[] }
  | { ok: false; error: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const TOOL_NAME = /^[A-Za-z0-9_*-]+$/;

/**
 * Reads an agent file (claude-code-compat.md §6): frontmatter `name` and `description`
 * (required), `tools` and `disallowedTools` (comma list or YAML list), `model`, `maxTurns`; the
 * body is the system prompt. Other Claude Code keys are ignored; `permissionMode` is ignored on
 * purpose: sub-agents always use the parent's policy.
 */
export function parseAgentFile(text: string, path: string, source: AgentSource): AgentFileParse {
  const parsed = parseFrontmatter(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const { fields, body } = parsed;
  if (fields === null) return { ok: false, error: 'it does not start with a "---" frontmatter line' };
  const warnings: string[] = [];

  const name = single(fields.name);
  if (name === undefined || name === "") return { ok: false, error: "its frontmatter has no name" };
  if (!NAME.test(name)) {
    return {
      ok: false,
      error: `its name "${name}" is invalid: use letters, digits, "-" and "_" (e.g. code-reviewer)`,
    };
  }
  const description = single(fields.description);
  if (description === undefined || description.trim() === "") {
    return { ok: false, error: "its frontmatter has no description (say when to use this agent)" };
  }
  const systemPrompt = body.trim();
  if (systemPrompt === "") return { ok: false, error: "its body (the agent's system prompt) is empty" };

  const tools = toolList(fields.tools, "tools", warnings);
  const disallowed = toolList(fields.disallowedTools, "disallowedTools", warnings);
  const model = single(fields.model)?.trim();
  const maxTurnsText = single(fields.maxTurns);
  let maxTurns: number | undefined;
  if (maxTurnsText !== undefined) {
    const n = Number(maxTurnsText);
    if (Number.isInteger(n) && n > 0) maxTurns = n;
    else warnings.push(`maxTurns "${maxTurnsText}" is not a positive whole number; it is ignored`);
  }

  const definition: AgentDefinition = {
    name,
    description: description.trim(),
    systemPrompt,
    source,
    path,
    ...(tools === undefined ? {} : { tools }),
    ...(disallowed === undefined || disallowed.length === 0 ? {} : { disallowedTools: disallowed }),
    ...(model === undefined || model === "" || model === "inherit" ? {} : { model }),
    ...(maxTurns === undefined ? {} : { maxTurns }),
  };
  return { ok: true, definition, warnings };
}

function single(value: FrontmatterValue | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** A comma list or a YAML list of tool names; `*` or an empty value means all tools (undefined). */
function toolList(
  value: FrontmatterValue | undefined,
  key: string,
  warnings: string[],
): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  const entries = (Array.isArray(value) ? value : value.split(","))
    .map((t) => t.trim())
    .filter((t) => t !== "");
  if (!Array.isArray(value) && entries.length === 0) return undefined;
  if (entries.includes("*")) return undefined;
  const names: string[] = [];
  for (const entry of entries) {
    // Claude Code's `Agent(worker, ...)`-style specifiers narrow a tool further; Keel uses the name.
    const name = entry.replace(/\(.*\)$/, "").trim();
    if (!TOOL_NAME.test(name)) {
      warnings.push(`${key} entry "${entry}" is not a tool name; it is ignored`);
      continue;
    }
    if (name !== entry) warnings.push(`${key} entry "${entry}": the part in parentheses is ignored`);
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
