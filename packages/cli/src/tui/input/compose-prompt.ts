import type { UserContent } from "@keel/protocol";
import { expandFileMentions } from "./file-mentions.js";

export interface ComposedPrompt {
  /** What the agent receives: the typed text, then attached files, then `!` command context. */
  content: UserContent[];
  /** Attached files as shown under the prompt. */
  attached: string[];
  /** Mentions that were not attached, each with why. */
  skipped: string[];
}

/** Builds the user message for a typed prompt: `@file` mentions read (bounded) and `!` outputs added. */
export function composePrompt(text: string, cwd: string, shellContexts: readonly string[]): ComposedPrompt {
  const { attachments, skipped } = expandFileMentions(text, cwd);
  const content: UserContent[] = [{ type: "text", text }];
  for (const a of attachments) content.push({ type: "text", text: a.text });
  for (const c of shellContexts) content.push({ type: "text", text: c });
  return {
    content,
    attached: attachments.map((a) => `${a.path}${a.truncated ? " (truncated)" : ""}`),
    skipped,
  };
}
