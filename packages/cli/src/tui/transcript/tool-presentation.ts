import { readFileSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { sanitizeText } from "../render/terminal-text.js";

/** Files larger than this are not read for a diff preview. */
const MAX_PREVIEW_FILE_BYTES = 512 * 1024;
/** Unchanged lines shown around an edit. */
const CONTEXT_LINES = 3;

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A path as the user thinks of it: relative to the cwd when inside it. */
export function displayPath(path: string, cwd: string): string {
  const abs = isAbsolute(path) ? path : resolve(cwd, path);
  const rel = relative(cwd, abs);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : abs;
}

/** The one argument that says what a call does (`Bash` → its command, `Edit` → its file). */
export function keyArgument(name: string, input: Record<string, unknown>, cwd: string): string {
  const path = str(input.file_path) ?? str(input.notebook_path);
  let arg: string | undefined;
  switch (name) {
    case "Bash":
      arg = str(input.command);
      break;
    case "Glob":
    case "Grep":
      arg = [
        str(input.pattern),
        str(input.path) ? `in ${displayPath(str(input.path) as string, cwd)}` : undefined,
      ]
        .filter(Boolean)
        .join(" ");
      break;
    case "WebFetch":
      arg = str(input.url);
      break;
    case "Agent":
    case "Task":
      arg = str(input.description);
      break;
    case "TodoWrite":
      arg = Array.isArray(input.todos) ? `${input.todos.length} items` : undefined;
      break;
    default:
      arg = path
        ? displayPath(path, cwd)
        : Object.values(input).find((v): v is string => typeof v === "string");
  }
  if (arg === undefined && path) arg = displayPath(path, cwd);
  return sanitizeText(arg ?? "").replace(/\s*\n\s*/g, " ⏎ ");
}

export interface EditPreview {
  path: string;
  oldText: string;
  newText: string;
  /** Where `oldText` starts in the file (1-based). */
  startLine: number;
  /** The file does not exist yet (Write creates it). */
  created: boolean;
}

function readSmall(path: string): string | undefined {
  try {
    if (statSync(path).size > MAX_PREVIEW_FILE_BYTES) return undefined;
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** What an Edit or Write would change, read from the file as it is now (before the call runs). */
export function editPreview(
  name: string,
  input: Record<string, unknown>,
  cwd: string,
): EditPreview | undefined {
  const filePath = str(input.file_path);
  if (filePath === undefined) return undefined;
  const abs = isAbsolute(filePath) ? filePath : resolve(cwd, filePath);
  if (name === "Write") {
    const content = str(input.content);
    if (content === undefined) return undefined;
    const existing = readSmall(abs);
    return {
      path: abs,
      oldText: existing ?? "",
      newText: content,
      startLine: 1,
      created: existing === undefined,
    };
  }
  if (name === "Edit") {
    const oldString = str(input.old_string);
    const newString = str(input.new_string);
    if (oldString === undefined || newString === undefined) return undefined;
    const file = readSmall(abs);
    const at = file?.indexOf(oldString) ?? -1;
    if (file === undefined || at < 0 || oldString === "") {
      return { path: abs, oldText: oldString, newText: newString, startLine: 1, created: false };
    }
    // Show the change with a few lines of the file around it.
    const before = file.slice(0, at).split("\n");
    const after = file.slice(at + oldString.length).split("\n");
    const headLines = before.slice(-(CONTEXT_LINES + 1));
    const tailLines = after.slice(0, CONTEXT_LINES + 1);
    const head = headLines.join("\n");
    const tail = tailLines.join("\n");
    return {
      path: abs,
      oldText: `${head}${oldString}${tail}`,
      newText: `${head}${newString}${tail}`,
      startLine: before.length - headLines.length + 1,
      created: false,
    };
  }
  return undefined;
}

/** A tool result's text (text blocks joined; images named). */
export function resultText(content: string | Array<{ type: string; text?: string }>): string {
  if (typeof content === "string") return content;
  return content.map((b) => (b.type === "text" ? (b.text ?? "") : `[${b.type}]`)).join("\n");
}
