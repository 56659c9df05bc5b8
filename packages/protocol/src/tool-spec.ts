/** A JSON Schema object (draft 2020-12 subset as produced by `z.toJSONSchema`). */
export type JsonSchema = { [key: string]: unknown };

/** What the model is told about a tool. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the input object (`type: "object"`). */
  inputSchema: JsonSchema;
}
