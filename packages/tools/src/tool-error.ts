export type ToolErrorKind = "duplicate_tool" | "invalid_tool_name";

/**
 * The one error class of this package, for programming errors when assembling tools. Tool call
 * failures are never thrown: they become error results for the model.
 */
export class ToolError extends Error {
  readonly kind: ToolErrorKind;

  constructor(kind: ToolErrorKind, message: string) {
    super(message);
    this.name = "ToolError";
    this.kind = kind;
  }
}
