import { ToolRegistry } from "@keel/tools";
import { describe, expect, it } from "vitest";
import { createBuiltinTools } from "../src/index.js";

describe("createBuiltinTools", () => {
  it("exposes the coding tools with Claude Code's names and input fields", () => {
    const specs = new ToolRegistry(createBuiltinTools({ env: {} })).specs();
    const fields = Object.fromEntries(
      specs.map((s) => [s.name, [s.inputSchema.required, Object.keys(s.inputSchema.properties as object)]]),
    );
    expect(Object.keys(fields)).toEqual([
      "Bash",
      "Read",
      "Write",
      "Edit",
      "MultiEdit",
      "Glob",
      "Grep",
      "WebFetch",
      "NotebookEdit",
    ]);
    expect(fields).toMatchObject({
      Read: [["file_path"], ["file_path", "offset", "limit"]],
      Write: [
        ["file_path", "content"],
        ["file_path", "content"],
      ],
      Edit: [
        ["file_path", "old_string", "new_string"],
        ["file_path", "old_string", "new_string", "replace_all"],
      ],
      MultiEdit: [
        ["file_path", "edits"],
        ["file_path", "edits"],
      ],
      Glob: [["pattern"], ["pattern", "path"]],
      Grep: [
        ["pattern"],
        [
          "pattern",
          "path",
          "glob",
          "type",
          "output_mode",
          "-i",
          "-n",
          "-A",
          "-B",
          "-C",
          "context",
          "head_limit",
          "offset",
          "multiline",
        ],
      ],
      WebFetch: [
        ["url", "prompt"],
        ["url", "prompt"],
      ],
      NotebookEdit: [
        ["notebook_path", "new_source"],
        ["notebook_path", "new_source", "cell_id", "cell_type", "edit_mode"],
      ],
    });
    expect(JSON.stringify(specs)).not.toContain("$schema");
  });
});
