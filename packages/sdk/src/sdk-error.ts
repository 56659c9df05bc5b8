/** The one error class of `@keel/sdk`. Messages say what happened and what to do. */
export type SdkErrorKind = "config" | "session";

export class SdkError extends Error {
  readonly kind: SdkErrorKind;
  constructor(kind: SdkErrorKind, message: string) {
    super(message);
    this.name = "SdkError";
    this.kind = kind;
  }
}
