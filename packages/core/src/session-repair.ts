import type { Message, ToolResultBlock, UserContent, UserMessage } from "@keel/protocol";

export const INTERRUPTED_RESULT = "Interrupted by user: the tool call did not run to completion.";

function interrupted(toolUseId: string): ToolResultBlock {
  return { type: "tool_result", toolUseId, content: INTERRUPTED_RESULT, isError: true };
}

/**
 * Make a loaded history valid for the next request, in memory: every assistant `tool_use` is
 * answered by a `tool_result` in the message right after it (missing ones as interrupted, in
 * call order), and `tool_result`s that answer nothing (their assistant line was lost) are
 * dropped. A trailing assistant message with unanswered calls is left alone: the agent answers
 * it with a stored message (`findUnansweredToolUses`) when the next run starts.
 */
export function normalizeHistory(messages: readonly Message[]): Message[] {
  const out: Message[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role === "assistant") {
      out.push(m);
      continue;
    }
    const prev = out.at(-1);
    const calls = prev?.role === "assistant" ? prev.content.filter((b) => b.type === "tool_use") : [];
    const results = new Map<string, ToolResultBlock>();
    const rest: UserContent[] = [];
    for (const b of m.content) {
      if (b.type === "tool_result") results.set(b.toolUseId, b);
      else rest.push(b);
    }
    const content: UserContent[] = [...calls.map((c) => results.get(c.id) ?? interrupted(c.id)), ...rest];
    if (content.length > 0) out.push({ role: "user", content });
  }
  // Assistant messages whose answer was lost entirely, in the middle of the history.
  const fixed: Message[] = [];
  for (let i = 0; i < out.length; i++) {
    const m = out[i]!;
    fixed.push(m);
    const next = out[i + 1];
    if (m.role === "assistant" && next?.role !== "user" && i < out.length - 1) {
      const calls = m.content.filter((b) => b.type === "tool_use");
      if (calls.length > 0) fixed.push({ role: "user", content: calls.map((c) => interrupted(c.id)) });
    }
  }
  return fixed;
}

/**
 * The stored repair for a history that ends with unanswered tool calls (a run killed or
 * aborted while tools ran): the user message answering them, or undefined.
 */
export function findUnansweredToolUses(messages: readonly Message[]): UserMessage | undefined {
  const last = messages.at(-1);
  if (last?.role !== "assistant") return undefined;
  const calls = last.content.filter((b) => b.type === "tool_use");
  return calls.length > 0 ? { role: "user", content: calls.map((c) => interrupted(c.id)) } : undefined;
}
