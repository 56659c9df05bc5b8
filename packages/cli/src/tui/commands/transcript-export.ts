import type { Message } from "@keel/protocol";

function fence(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

/** The conversation as markdown: prompts, answers, tool calls and their results. */
export function transcriptMarkdown(
  messages: readonly Message[],
  header: { sessionId: string; model: string },
): string {
  const out: string[] = [`# Keel session ${header.sessionId}`, "", `Model: ${header.model}`, ""];
  for (const message of messages) {
    for (const block of message.content) {
      switch (block.type) {
        case "text":
          out.push(
            message.role === "user" ? `## User\n\n${block.text}` : `## Assistant\n\n${block.text}`,
            "",
          );
          break;
        case "thinking":
          out.push(`<details><summary>Thinking</summary>\n\n${block.thinking}\n\n</details>`, "");
          break;
        case "tool_use":
          out.push(
            `**Tool call** \`${block.name}\``,
            "",
            fence(JSON.stringify(block.input, null, 2), "json"),
            "",
          );
          break;
        case "tool_result": {
          const text =
            typeof block.content === "string"
              ? block.content
              : block.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join("\n");
          out.push(`**Result**${block.isError ? " (error)" : ""}`, "", fence(text), "");
          break;
        }
        case "image":
          out.push("[image]", "");
          break;
        default:
          break;
      }
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}
