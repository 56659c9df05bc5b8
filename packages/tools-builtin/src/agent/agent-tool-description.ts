import type { AgentTypeInfo } from "./subagent-runner.js";

/** The Agent tool's description: how to delegate, then one line per available agent type. */
export function agentToolDescription(types: readonly AgentTypeInfo[], canRunInBackground: boolean): string {
  const lines = types.map((type) => {
    const tools = type.tools === undefined ? "all tools" : type.tools.join(", ") || "no tools";
    return `- ${type.name}: ${oneLine(type.description)} (Tools: ${tools})`;
  });
  return `Launches a sub-agent that works on a task on its own and returns its final report as this tool's result.

Available agent types (subagent_type):
${lines.join("\n")}

- Each sub-agent starts with a fresh context: the prompt must contain everything it needs (goal, relevant paths, what to return). It cannot see this conversation.
- Its final message is all you get back, and the user does not see it: summarize what matters for them yourself.
- To run several sub-agents at once, make several Agent calls in one message; they run concurrently and their results come back in call order.
- Sub-agents cannot ask the user for permission: a call that would need approval is denied.
- Say whether the sub-agent should only research or also change code.${
    canRunInBackground
      ? "\n- run_in_background: true starts it as a background task and returns its task id at once; you are notified when it finishes."
      : ""
  }`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
