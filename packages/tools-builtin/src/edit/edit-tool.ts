import { defineTool, type Tool } from "@keel/tools";
import { z } from "zod";
import { pathLevel } from "../path-level.js";
import { editFile } from "./edit-file.js";

const DESCRIPTION = `Replaces an exact string in a file.
- The file must have been read with Read in this session and not changed since.
- old_string must match exactly once (with whitespace and indentation, without Read's line-number prefix); add context to make it unique, or set replace_all to replace every occurrence.
- An empty old_string creates a new file.`;

const inputSchema = z.strictObject({
  file_path: z.string().describe("Absolute path of the file to edit"),
  old_string: z.string().describe("The exact text to replace"),
  new_string: z.string().describe("The replacement text (must differ from old_string)"),
  replace_all: z.boolean().optional().describe("Replace every occurrence (default false)"),
});

export function createEditTool(): Tool {
  return defineTool<z.infer<typeof inputSchema>>({
    name: "Edit",
    description: DESCRIPTION,
    inputSchema,
    readOnly: false,
    requiredLevel: (input, ctx) => pathLevel(input.file_path, ctx, { access: "write" }),
    call: (input, ctx) => editFile(input.file_path, [input], () => "old_string", ctx),
  });
}
