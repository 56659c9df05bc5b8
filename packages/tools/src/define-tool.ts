import type { Tool } from "./tool.js";

/**
 * Erases a tool's input type so it fits in a `Tool[]`. Sound because the runner validates the
 * input against `inputSchema` before it calls `readOnly`, `requiredLevel` or `call`.
 */
export function defineTool<I>(tool: Tool<I>): Tool {
  return tool as unknown as Tool;
}
