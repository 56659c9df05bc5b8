import type { Message } from "@keel/protocol";

/** Per-prompt cap in the compaction record; longer prompts keep their head and tail. */
export const MAX_PROMPT_CHARS = 10_000;
const TAIL_CHARS = 2_000;

/**
 * Text Keel itself puts into user messages (task notices, reminders, the compaction boundary)
 * starts with one of these tags; such messages are not the user's prompts.
 */
const SYNTHETIC_PREFIXES = ["<task-notification>", "<system-reminder>", "<compaction-boundary>"];

/** Cut a long prompt to `max` characters, keeping head and tail around a marker. */
export function cutPrompt(text: string, max = MAX_PROMPT_CHARS): string {
  if (text.length <= max) return text;
  const tail = Math.min(TAIL_CHARS, Math.floor(max / 4));
  const cut = text.length - (max - tail);
  return `${text.slice(0, max - tail)}\n[… ${cut} characters of this message cut by Keel …]\n${text.slice(text.length - tail)}`;
}

/**
 * The user's own prompt in a message, or undefined: tool results, empty messages and messages
 * Keel wrote itself are not prompts. Images are shown as `[image]`.
 */
export function userPromptText(message: Message): string | undefined {
  if (message.role !== "user") return undefined;
  if (message.content.some((b) => b.type === "tool_result")) return undefined;
  const parts: string[] = [];
  for (const b of message.content) {
    if (b.type === "text") parts.push(b.text);
    else if (b.type === "image") parts.push("[image]");
  }
  const text = parts.join("\n");
  const trimmed = text.trimStart();
  if (trimmed.length === 0 || SYNTHETIC_PREFIXES.some((p) => trimmed.startsWith(p))) return undefined;
  return text;
}

/**
 * Every user prompt in `messages`, oldest first, cut to `maxChars` each. `skip(i)` excludes
 * messages the caller knows are synthetic (continue prompts, interruption repairs).
 */
export function collectUserPrompts(
  messages: readonly Message[],
  options: { skip?: (index: number) => boolean; maxChars?: number } = {},
): string[] {
  const out: string[] = [];
  for (const [i, m] of messages.entries()) {
    if (options.skip?.(i)) continue;
    const text = userPromptText(m);
    if (text !== undefined) out.push(cutPrompt(text, options.maxChars));
  }
  return out;
}
