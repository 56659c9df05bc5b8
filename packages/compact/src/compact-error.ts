/** The one error class of `@keel/compact`. */
export type CompactErrorKind =
  /** The model's summary request failed or returned no summary. */
  | "summary_failed"
  /** The history holds nothing that could be compacted. */
  | "nothing_to_compact"
  /** The caller's signal aborted the compaction. */
  | "aborted";

export class CompactError extends Error {
  readonly kind: CompactErrorKind;
  constructor(kind: CompactErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CompactError";
    this.kind = kind;
  }
}
