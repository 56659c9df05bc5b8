import type { ToolSpec } from "@keel/protocol";
import { toInputJsonSchema } from "./input-schema.js";
import type { Tool } from "./tool.js";
import { ToolError } from "./tool-error.js";

// The Anthropic and OpenAI APIs both accept this.
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** The tools of one agent, in a fixed order. Specs are computed once: the request prefix stays cacheable. */
export class ToolRegistry {
  readonly #tools: ReadonlyMap<string, Tool>;
  #specs: ToolSpec[] | undefined;

  /** Throws ToolError on an invalid or duplicate name. */
  constructor(tools: readonly Tool[]) {
    const map = new Map<string, Tool>();
    for (const tool of tools) {
      if (!TOOL_NAME.test(tool.name)) {
        throw new ToolError(
          "invalid_tool_name",
          `Tool name "${tool.name}" is invalid: use 1-64 letters, digits, "_" or "-".`,
        );
      }
      if (map.has(tool.name)) {
        throw new ToolError(
          "duplicate_tool",
          `Two tools are named "${tool.name}"; tool names must be unique.`,
        );
      }
      map.set(tool.name, tool);
    }
    this.#tools = map;
  }

  /** The tool with exactly this name. */
  get(name: string): Tool | undefined {
    return this.#tools.get(name);
  }

  /** Tool names in registration order. */
  names(): string[] {
    return [...this.#tools.keys()];
  }

  /** What the model is told, in registration order; the same array on every call (treat it as read-only). */
  specs(): ToolSpec[] {
    this.#specs ??= [...this.#tools.values()].map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: toInputJsonSchema(tool.inputSchema),
    }));
    return this.#specs;
  }
}
