export type {
  FinishedTaskStatus,
  TaskInfo,
  TaskKind,
  TaskNotice,
  TaskOutputRead,
  TaskRun,
  TaskRunContext,
  TaskRunResult,
  TaskSpec,
  TaskStatus,
} from "./task.js";
export type { TaskErrorKind } from "./task-error.js";
export { TaskError } from "./task-error.js";
export type { TaskManagerOptions } from "./task-manager.js";
export { TaskManager } from "./task-manager.js";
export { formatTaskNotice } from "./task-notice.js";
