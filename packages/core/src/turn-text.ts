import type { TextBlock } from "@keel/protocol";

/** A thrown value as a message. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The text blocks of a message's content, joined. */
export function textOf(content: readonly { type: string }[]): string {
  return content
    .filter((b): b is TextBlock => b.type === "text")
    .map((b) => b.text)
    .join("");
}

/** What the model is told about tool calls cut off before their input was complete. */
export function incompleteNote(response: {
  incompleteToolUses: Array<{ name: string; reason: string }>;
}): string {
  const list = response.incompleteToolUses.map((t) => `${t.name} (${t.reason})`).join(", ");
  return `These tool calls were not run because their input was incomplete: ${list}. Retry them with smaller inputs, e.g. split a large file into several writes.`;
}
