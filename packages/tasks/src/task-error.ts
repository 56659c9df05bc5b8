export type TaskErrorKind =
  | "unknown_task"
  | "too_many_tasks"
  | "not_pending"
  | "closed"
  | "output_unavailable";

/** The one error class of this package. Messages say what happened and what to do. */
export class TaskError extends Error {
  readonly kind: TaskErrorKind;

  constructor(kind: TaskErrorKind, message: string) {
    super(message);
    this.name = "TaskError";
    this.kind = kind;
  }
}
