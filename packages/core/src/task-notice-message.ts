import type { UserMessage } from "@keel/protocol";

const OPEN = "<task-notification>";

/** One user message carrying every notice, each wrapped in `<task-notification>` unless it already is. */
export function noticeMessage(notices: readonly string[]): UserMessage {
  const text = notices
    .map((n) => (n.trimStart().startsWith(OPEN) ? n.trim() : `${OPEN}\n${n.trim()}\n</task-notification>`))
    .join("\n");
  return { role: "user", content: [{ type: "text", text }] };
}
