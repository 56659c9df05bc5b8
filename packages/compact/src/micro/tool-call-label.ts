import type { ToolUseBlock } from "@keel/protocol";

/** Input fields that say best what a call was about, most telling first (Claude Code's names). */
const SALIENT_FIELDS = [
  "file_path",
  "notebook_path",
  "path",
  "command",
  "pattern",
  "url",
  "query",
  "description",
  "task_id",
];
const MAX_ARGUMENT_CHARS = 80;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_ARGUMENT_CHARS ? `${flat.slice(0, MAX_ARGUMENT_CHARS - 1)}…` : flat;
}

/** A short label for a tool call: `Read(src/x.ts)`, `Bash(npm test)`, `Foo({"a":1})`. */
export function toolCallLabel(call: Pick<ToolUseBlock, "name" | "input">): string {
  for (const field of SALIENT_FIELDS) {
    const value = call.input[field];
    if (typeof value === "string" && value.length > 0) return `${call.name}(${oneLine(value)})`;
  }
  const json = JSON.stringify(call.input);
  return json === "{}" ? call.name : `${call.name}(${oneLine(json)})`;
}
