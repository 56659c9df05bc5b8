/** The one error class of `@keel/core`. */
export type CoreErrorKind = "session_not_found" | "session_corrupt" | "session_version";

export class CoreError extends Error {
  readonly kind: CoreErrorKind;
  constructor(kind: CoreErrorKind, message: string) {
    super(message);
    this.name = "CoreError";
    this.kind = kind;
  }
}
