import type { Message, ToolResultBlock, UserMessage } from "@keel/protocol";

export const INTERRUPTED_RESULT = "Interrupted by user: the tool call did not run to completion.";

/**
 * Make a message list valid for the next request: every assistant `tool_use` must be answered
 * by a `tool_result` in the message right after it. Returns the user messages to insert (as
 * `{at, message}`, `at` = index to insert before), answering missing results as interrupted.
 * Used after an abort and when loading a session that was killed mid-turn.
 */
export function findUnansweredToolUses(
  messages: readonly Message[],
): Array<{ at: number; message: UserMessage }> {
  const repairs: Array<{ at: number; message: UserMessage }> = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m?.role !== "assistant") continue;
    const uses = m.content.filter((b) => b.type === "tool_use");
    if (uses.length === 0) continue;
    const next = messages[i + 1];
    const answered = new Set<string>();
    if (next?.role === "user") {
      for (const b of next.content) if (b.type === "tool_result") answered.add(b.toolUseId);
    }
    const missing: ToolResultBlock[] = uses
      .filter((u) => !answered.has(u.id))
      .map((u) => ({ type: "tool_result", toolUseId: u.id, content: INTERRUPTED_RESULT, isError: true }));
    if (missing.length > 0) repairs.push({ at: i + 1, message: { role: "user", content: missing } });
  }
  return repairs;
}
