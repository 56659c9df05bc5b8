import { defineTool, type Tool } from "@keel/tools";
import { z } from "zod";
import { pathLevel } from "../path-level.js";
import { editFile } from "./edit-file.js";

const DESCRIPTION = `Applies several Edit-style replacements to one file, in order, each on the result of the previous; all or nothing.
- Same rules as Edit for each edit. To create a file, make the first old_string empty.`;

const inputSchema = z.strictObject({
  file_path: z.string().describe("Absolute path of the file to edit"),
  edits: z
    .array(
      z.strictObject({
        old_string: z.string(),
        new_string: z.string(),
        replace_all: z.boolean().optional(),
      }),
    )
    .min(1),
});

export function createMultiEditTool(): Tool {
  return defineTool<z.infer<typeof inputSchema>>({
    name: "MultiEdit",
    description: DESCRIPTION,
    inputSchema,
    readOnly: false,
    requiredLevel: (input, ctx) => pathLevel(input.file_path, ctx, { access: "write" }),
    call: (input, ctx) => editFile(input.file_path, input.edits, (i) => `edits[${i}].old_string`, ctx),
  });
}
