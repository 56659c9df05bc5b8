export type { ModePolicyOptions } from "./mode-policy.js";
export { createModePolicy } from "./mode-policy.js";
export {
  autoAllowCeiling,
  describeLevel,
  isPermissionMode,
  levelWithin,
  PERMISSION_MODES,
} from "./modes.js";
export { parsePermissionMode } from "./parse-permission-mode.js";
export { classifyPathAccess, isInsideDirectory } from "./path-scope.js";
export type { PermissionErrorKind } from "./permission-error.js";
export { PermissionError } from "./permission-error.js";
export { resolveWithoutApprover } from "./resolve-without-approver.js";
export type { RuleBehavior, RuleMatcher } from "./rule-matcher.js";
export type { ShellCommandLevel } from "./shell/classify-shell-command.js";
export { classifyShellCommand } from "./shell/classify-shell-command.js";
export type {
  Approver,
  PermissionDecision,
  PermissionLevel,
  PermissionMode,
  PermissionPolicy,
  PermissionRequest,
} from "./types.js";
