import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentDefinition, AgentSource } from "./agent-definition.js";
import { BUILTIN_AGENTS } from "./builtin-agents.js";
import { parseAgentFile } from "./parse-agent-file.js";

export interface LoadAgentDefinitionsOptions {
  /** The project root: `.keel/agents/` and `.claude/agents/` are read from it. */
  cwd: string;
  /** `$KEEL_HOME`: `agents/` is read from it. */
  keelHome: string;
}

export interface LoadedAgentDefinitions {
  /** Built-ins first, then custom types; a custom type replaces a built-in of the same name. */
  definitions: AgentDefinition[];
  /** Files skipped or partly ignored, each naming the file. */
  warnings: string[];
}

/** Larger agent files are skipped: a system prompt has no business being this big. */
const MAX_AGENT_FILE_BYTES = 256 * 1024;

/**
 * The agent types of a session: built-ins plus `*.md` files from, highest priority first,
 * `<cwd>/.keel/agents`, `<cwd>/.claude/agents` and `$KEEL_HOME/agents`. When two define the same
 * name the higher-priority one wins. An invalid file is skipped with a warning, never a crash.
 */
export function loadAgentDefinitions(options: LoadAgentDefinitionsOptions): LoadedAgentDefinitions {
  const warnings: string[] = [];
  const dirs: Array<{ dir: string; source: AgentSource }> = [
    { dir: join(options.cwd, ".keel", "agents"), source: "project" },
    { dir: join(options.cwd, ".claude", "agents"), source: "project" },
    { dir: join(options.keelHome, "agents"), source: "user" },
  ];
  const custom = new Map<string, AgentDefinition>();
  for (const { dir, source } of dirs) {
    for (const path of markdownFiles(dir, warnings)) {
      const definition = readAgentFile(path, source, warnings);
      if (definition === undefined) continue;
      const earlier = custom.get(definition.name);
      if (earlier !== undefined) {
        warnings.push(
          `${path}: agent "${definition.name}" is already defined by ${earlier.path}; this file is ignored`,
        );
        continue;
      }
      custom.set(definition.name, definition);
    }
  }
  const definitions = BUILTIN_AGENTS.map((builtin) => custom.get(builtin.name) ?? builtin);
  for (const definition of custom.values()) {
    if (!BUILTIN_AGENTS.some((b) => b.name === definition.name)) definitions.push(definition);
  }
  return { definitions, warnings };
}

function markdownFiles(dir: string, warnings: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") warnings.push(`Cannot read agent directory ${dir}: ${code}`);
    return [];
  }
  return names
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => join(dir, name));
}

function readAgentFile(path: string, source: AgentSource, warnings: string[]): AgentDefinition | undefined {
  let text: string;
  try {
    const buffer = readFileSync(path);
    if (buffer.length > MAX_AGENT_FILE_BYTES) {
      warnings.push(`Skipped agent file ${path}: it is larger than ${MAX_AGENT_FILE_BYTES / 1024} KB`);
      return undefined;
    }
    text = buffer.toString("utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    // A directory named *.md, or a dangling link: not an agent file.
    if (code !== "EISDIR") warnings.push(`Skipped agent file ${path}: cannot read it (${code})`);
    return undefined;
  }
  const parsed = parseAgentFile(text, path, source);
  if (!parsed.ok) {
    warnings.push(`Skipped agent file ${path}: ${parsed.error}`);
    return undefined;
  }
  for (const warning of parsed.warnings) warnings.push(`${path}: ${warning}`);
  return parsed.definition;
}
