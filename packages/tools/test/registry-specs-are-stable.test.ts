import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, ToolError, ToolRegistry, truncateMiddle } from "../src/index.js";

const read = defineTool({
  name: "Read",
  description: "Reads a file.",
  inputSchema: z.strictObject({
    file_path: z.string().describe("Absolute path"),
    offset: z.number().int().min(1).optional(),
  }),
  readOnly: true,
  call: async () => ({ content: "" }),
});
const raw = defineTool({
  name: "Raw",
  description: "JSON Schema tool.",
  inputSchema: { $schema: "x", type: "object", properties: { q: { type: "string" } } },
  readOnly: true,
  call: async () => ({ content: "" }),
});

describe("ToolRegistry", () => {
  it("computes compact specs once, in registration order", () => {
    const registry = new ToolRegistry([read, raw]);
    const specs = registry.specs();
    expect(registry.specs()).toBe(specs);
    expect(registry.names()).toEqual(["Read", "Raw"]);
    expect(registry.get("Read")).toBe(read);
    expect(registry.get("read")).toBeUndefined();
    expect(specs).toEqual([
      {
        name: "Read",
        description: "Reads a file.",
        inputSchema: {
          type: "object",
          properties: {
            file_path: { type: "string", description: "Absolute path" },
            offset: { type: "integer", minimum: 1 },
          },
          required: ["file_path"],
          additionalProperties: false,
        },
      },
      {
        name: "Raw",
        description: "JSON Schema tool.",
        inputSchema: { type: "object", properties: { q: { type: "string" } } },
      },
    ]);
    expect(JSON.stringify(new ToolRegistry([read, raw]).specs())).toBe(JSON.stringify(specs));
  });

  it("rejects duplicate and invalid names", () => {
    expect(() => new ToolRegistry([read, read])).toThrow(ToolError);
    expect(() => new ToolRegistry([{ ...read, name: "has space" }])).toThrow(/invalid/);
  });
});

describe("truncateMiddle", () => {
  it("leaves short text alone and keeps head and tail of long text", () => {
    expect(truncateMiddle("short", 10)).toBe("short");
    expect(truncateMiddle("0123456789", 4)).toBe("01\n\n[… 6 characters omitted …]\n\n89");
  });

  it("does not split surrogate pairs", () => {
    const out = truncateMiddle("a😀b😀c😀", 4);
    expect(Buffer.from(out, "utf8").toString("utf8")).toBe(out);
  });
});
