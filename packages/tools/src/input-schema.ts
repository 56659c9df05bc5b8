import type { JsonSchema } from "@keel/protocol";
import { z } from "zod";
import type { Tool } from "./tool.js";

/** Zod 4 schemas carry `_zod`; plain JSON Schema objects don't. Duck-typed so two zod copies still work. */
export function isZodSchema(schema: Tool["inputSchema"]): schema is z.ZodType<Record<string, unknown>> {
  return typeof schema === "object" && schema !== null && "_zod" in schema;
}

function stripNoise(node: Record<string, unknown>): void {
  // z.number().int() emits ±MAX_SAFE_INTEGER bounds: bytes on every request for nothing.
  if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
  if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
}

/** The JSON Schema sent to the model for a tool's input: no `$schema` key, no default int bounds. */
export function toInputJsonSchema(schema: Tool["inputSchema"]): JsonSchema {
  const json: JsonSchema = isZodSchema(schema)
    ? (z.toJSONSchema(schema, {
        io: "input",
        unrepresentable: "any",
        override: (ctx) => stripNoise(ctx.jsonSchema as Record<string, unknown>),
      }) as JsonSchema)
    : { ...schema };
  delete json.$schema;
  return json;
}

export type InputValidation = { ok: true; input: Record<string, unknown> } | { ok: false; message: string };

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
    .join(".")
    .replace(/\.\[/g, "[");
}

/**
 * Validates a call's input. Failures read like `Invalid input for Read: file_path: expected
 * string, received undefined` so the model can fix the call.
 */
export async function validateToolInput(tool: Tool, input: unknown): Promise<InputValidation> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, message: `Invalid input for ${tool.name}: expected an object.` };
  }
  const schema = tool.inputSchema;
  if (!isZodSchema(schema)) return { ok: true, input: input as Record<string, unknown> };
  const result = await schema.safeParseAsync(input);
  if (result.success) return { ok: true, input: result.data };
  const issues = result.error.issues.map((issue) => {
    const message = issue.message.replace(/^Invalid input: /, "");
    return issue.path.length === 0 ? message : `${formatPath(issue.path)}: ${message}`;
  });
  return { ok: false, message: `Invalid input for ${tool.name}: ${issues.join("; ")}` };
}
