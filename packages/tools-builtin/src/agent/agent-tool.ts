import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { z } from "zod";
import { agentToolDescription } from "./agent-tool-description.js";
import type {
  AgentTypeInfo,
  StartBackgroundSubagent,
  SubagentResult,
  SubagentRunner,
} from "./subagent-runner.js";

export interface AgentToolOptions {
  /** Runs one sub-agent (sdk: `createSubagentRunner`). */
  runSubagent: SubagentRunner;
  /** The types the model may pick, in the order it sees them. */
  agentTypes: readonly AgentTypeInfo[];
  /** Starts `run_in_background` calls as tasks. Absent: such calls are refused with a clear error. */
  startBackground?: StartBackgroundSubagent;
  /** `subagent_type` when the model omits it. Default `general-purpose`. */
  defaultAgentType?: string;
}

const inputSchema = z.strictObject({
  description: z
    .string()
    .regex(/\S/, "must not be empty")
    .describe("A short (3-5 word) description of the task"),
  prompt: z.string().regex(/\S/, "must not be empty").describe("The task for the agent to perform"),
  subagent_type: z
    .string()
    .optional()
    .describe("The type of agent to use (one of the types listed above); default general-purpose"),
  model: z
    .string()
    .optional()
    .describe("Model for this agent: sonnet, opus, haiku or a model id; omit to use the agent type's model"),
  run_in_background: z
    .boolean()
    .optional()
    .describe("Run the agent as a background task and return its task id at once"),
});
type AgentInput = z.infer<typeof inputSchema>;

/**
 * The `Agent` tool (`Task` in older Claude Code): delegates a task to a sub-agent through the
 * runner it is given and returns the sub-agent's final text. Several calls in one turn run
 * concurrently: the tool is concurrency-safe because each sub-agent's own tool calls go through
 * their own permission checks (the runner bounds how many run at once).
 */
export function createAgentTool(options: AgentToolOptions): Tool {
  const types = options.agentTypes;
  const defaultType = options.defaultAgentType ?? "general-purpose";
  return defineTool<AgentInput>({
    name: "Agent",
    aliases: ["Task"],
    description: agentToolDescription(types, options.startBackground !== undefined),
    inputSchema,
    readOnly: false,
    concurrencySafe: true,
    // Spawning needs no permission of its own: whatever the sub-agent does is checked per call.
    requiredLevel: () => "read",
    async call(input, ctx): Promise<ToolOutput> {
      const requested = input.subagent_type ?? defaultType;
      const type = findType(types, requested);
      if (type === undefined) {
        const names = types.map((t) => t.name).join(", ") || "(none)";
        return {
          content: `Unknown agent type "${requested}". Available agent types: ${names}. Call Agent again with one of them as subagent_type.`,
          isError: true,
        };
      }
      const request = {
        toolUseId: ctx.toolUseId,
        description: input.description,
        prompt: input.prompt,
        agentType: type.name,
        ...(input.model === undefined ? {} : { model: input.model }),
      };

      if (input.run_in_background === true) {
        const start = options.startBackground;
        if (start === undefined) {
          return {
            content:
              "Background agents are not available in this session. Call Agent again without run_in_background to run it now.",
            isError: true,
          };
        }
        let taskId: string;
        try {
          taskId = await start({
            kind: "agent",
            description: input.description,
            run: ({ signal }) => options.runSubagent({ ...request, signal, background: true }),
          });
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          return { content: `The background agent could not be started: ${why}`, isError: true };
        }
        return {
          content: `Started ${type.name} agent "${input.description}" in the background as task ${taskId}. You will be notified when it finishes; read its output with TaskOutput (task_id "${taskId}") or stop it with TaskStop.`,
        };
      }

      const result = await options.runSubagent({ ...request, signal: ctx.signal });
      return toOutput(result);
    },
  });
}

/** The exact name, else the only case-insensitive match (models write "explore" for "Explore"). */
function findType(types: readonly AgentTypeInfo[], name: string): AgentTypeInfo | undefined {
  const exact = types.find((t) => t.name === name);
  if (exact !== undefined) return exact;
  const folded = types.filter((t) => t.name.toLowerCase() === name.trim().toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

function toOutput(result: SubagentResult): ToolOutput {
  const text = result.text.trim() === "" ? "(The agent finished without a final message.)" : result.text;
  return result.isError === true ? { content: text, isError: true } : { content: text };
}
