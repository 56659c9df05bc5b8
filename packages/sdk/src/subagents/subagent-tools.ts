import { canonicalToolName } from "@keel/permissions";
import type { Tool } from "@keel/tools";
import type { AgentDefinition } from "../agents/agent-definition.js";

/** Tools the runner makes per sub-agent itself (they are bound to the sub-agent's session). */
const OWN_TOOLS = new Set(["agent", "todowrite"]);

/**
 * A sub-agent's tools: the base set (minus Agent and TodoWrite, which the runner binds to the
 * sub-agent itself), plus `own` (its TodoWrite, and Agent only below the depth limit), narrowed
 * to the type's `tools`, minus its `disallowedTools` and whatever `allowed` rejects. Names
 * compare case-insensitively with old names mapped (`Task` = `Agent`).
 */
export function selectSubagentTools(
  base: readonly Tool[],
  own: readonly Tool[],
  definition: AgentDefinition,
  allowed: (name: string) => boolean,
): Tool[] {
  const pool = [...base.filter((tool) => !OWN_TOOLS.has(canonicalToolName(tool.name))), ...own];
  const wanted =
    definition.tools === undefined ? undefined : new Set(definition.tools.map(canonicalToolName));
  const unwanted = new Set((definition.disallowedTools ?? []).map(canonicalToolName));
  return pool.filter((tool) => {
    const name = canonicalToolName(tool.name);
    return (wanted === undefined || wanted.has(name)) && !unwanted.has(name) && allowed(tool.name);
  });
}
