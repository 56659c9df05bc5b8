import type { AgentTypeInfo } from "@keel/tools-builtin";

/** Where an agent type comes from, highest priority first after `project`. */
export type AgentSource = "project" | "user" | "built-in";

/** An agent type: a system prompt plus the tools and model its sub-agents get. */
export interface AgentDefinition {
  /** The `subagent_type` value. */
  name: string;
  /** When to delegate to it (shown to the model in the Agent tool's description). */
  description: string;
  /** Tool names it may use; absent: all of the parent's tools (Agent only below the depth limit). */
  tools?: readonly string[];
  /** Tool names it may never use (applied after `tools`). */
  disallowedTools?: readonly string[];
  /** `sonnet`, `opus`, `haiku` or a model id; absent (or `inherit`): the parent's model. */
  model?: string;
  /** Lower turn cap than the runner's. */
  maxTurns?: number;
  /** The sub-agent's system prompt (it does not get the parent's). */
  systemPrompt: string;
  source: AgentSource;
  /** The file it was read from (custom types). */
  path?: string;
}

/** What the Agent tool tells the model about each type. */
export function agentTypeInfos(definitions: readonly AgentDefinition[]): AgentTypeInfo[] {
  return definitions.map((d) => ({
    name: d.name,
    description: d.description,
    ...(d.tools === undefined ? {} : { tools: d.tools }),
  }));
}
