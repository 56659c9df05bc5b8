/** One sub-agent run, as the Agent tool asks for it. */
export interface SubagentRequest {
  /** The Agent call's id: every event of the sub-agent carries it as `parentToolUseId`. */
  toolUseId: string;
  /** Short (3-5 word) label of the task. */
  description: string;
  /** The full task for the sub-agent: its first user message. */
  prompt: string;
  /** Name of a known agent type (already checked by the tool). */
  agentType: string;
  /** What the model asked for (`sonnet`, `opus`, `haiku` or a model id); absent: the type's model. */
  model?: string;
  /** The call's signal, or the background task's when `background` is true. */
  signal: AbortSignal;
  /** Runs as a background task (not inside the parent's turn). */
  background?: boolean;
}

/** How a sub-agent run ended. */
export interface SubagentResult {
  /** The sub-agent's final text (or what went wrong): the Agent call's result. */
  text: string;
  isError?: boolean;
  /** The sub-agent's session id (its session file is linked from the parent's). */
  sessionId?: string;
}

/**
 * Runs a sub-agent to completion (sdk wires this to a fresh core `Agent`; tools-builtin does not
 * import core). Contract: resolves for every failure (unknown type, model error, turn cap,
 * abort) with `isError: true` and a message written for the model; honours `signal`.
 */
export type SubagentRunner = (request: SubagentRequest) => Promise<SubagentResult>;

/** An agent type as the Agent tool describes it to the model. */
export interface AgentTypeInfo {
  /** The `subagent_type` value, e.g. `general-purpose`, `Explore`. */
  name: string;
  /** When to use it (shown to the model). */
  description: string;
  /** Tool names the type gets; absent: all of the parent's tools. */
  tools?: readonly string[];
}

/** Background work the Agent tool hands to a task manager. */
export interface BackgroundSubagentTask {
  kind: "agent";
  description: string;
  /** Runs the sub-agent; `signal` aborts when the task is stopped or the session ends. */
  run(ctx: { signal: AbortSignal }): Promise<SubagentResult>;
}

/**
 * Starts a task and returns its id (sdk wires this to @keel/tasks). Contract: returns once the
 * task is registered, without waiting for it; the task's completion notice reaches the model.
 */
export type StartBackgroundSubagent = (task: BackgroundSubagentTask) => string | Promise<string>;
