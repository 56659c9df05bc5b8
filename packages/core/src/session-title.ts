import type { Message, SessionRecord } from "@keel/protocol";

export const MAX_TITLE_CHARS = 80;
const MAX_FIRST_PROMPT_CHARS = 500;

/** A session title from a prompt: its first non-blank line, whitespace collapsed, cut to ~80 characters. */
export function titleFromPrompt(prompt: string): string {
  const line = prompt
    .split("\n")
    .map((l) => l.replace(/\s+/g, " ").trim())
    .find((l) => l !== "");
  if (!line) return "";
  const chars = Array.from(line);
  return chars.length <= MAX_TITLE_CHARS
    ? line
    : `${chars
        .slice(0, MAX_TITLE_CHARS - 1)
        .join("")
        .trimEnd()}…`;
}

/** The text a user typed, if this record is a prompt (not a tool result or a message Keel wrote). */
export function promptText(record: SessionRecord): string | undefined {
  if (record.type !== "message" || record.synthetic || record.message.role !== "user") return undefined;
  const text = textOf(record.message);
  return text.trim() === "" ? undefined : text;
}

/** A prompt's text shortened for listings. */
export function firstPromptPreview(text: string): string {
  const chars = Array.from(text.trim());
  return chars.length <= MAX_FIRST_PROMPT_CHARS
    ? chars.join("")
    : `${chars.slice(0, MAX_FIRST_PROMPT_CHARS).join("")}…`;
}

function textOf(message: Message): string {
  const parts: string[] = [];
  for (const block of message.content) if (block.type === "text") parts.push(block.text);
  return parts.join("\n");
}
