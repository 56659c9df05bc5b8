export type PermissionErrorKind = "invalid_mode" | "invalid_rule" | "symlink_loop";

/** The one error class of this package; decisions themselves are values, never thrown. */
export class PermissionError extends Error {
  readonly kind: PermissionErrorKind;

  constructor(kind: PermissionErrorKind, message: string) {
    super(message);
    this.name = "PermissionError";
    this.kind = kind;
  }
}
