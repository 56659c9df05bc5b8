export type { AccessContext } from "./access/derive-access.js";
export { deriveAccess, shellAccess } from "./access/derive-access.js";
export type { ModePolicy, ModePolicyOptions } from "./mode-policy.js";
export { createModePolicy } from "./mode-policy.js";
export {
  autoAllowCeiling,
  describeLevel,
  isPermissionMode,
  levelWithin,
  PERMISSION_MODES,
} from "./modes.js";
export { parsePermissionMode } from "./parse-permission-mode.js";
export { canonicalPath } from "./paths/canonical-path.js";
export {
  classifyPathAccess,
  isInsideDirectory,
  isInsideWorkspace,
  namedAndCanonical,
  pathForms,
  resolveThroughSymlinks,
} from "./paths/path-scope.js";
export { isProtectedPath, PROTECTED_DIR_NAMES, PROTECTED_FILE_NAMES } from "./paths/protected-paths.js";
export type { PermissionErrorKind } from "./permission-error.js";
export { PermissionError } from "./permission-error.js";
export { resolveWithoutApprover } from "./resolve-without-approver.js";
export type { RuleBehavior, RuleMatcher } from "./rule-matcher.js";
export type { PermissionRule, RuleSource } from "./rules/parse-rule.js";
export { parsePermissionRule } from "./rules/parse-rule.js";
export type { RuleSet, RuleSetOptions } from "./rules/rule-set.js";
export { createRuleSet } from "./rules/rule-set.js";
export { canonicalToolName, toolNameMatches } from "./rules/tool-names.js";
export type { ShellAnalysis, ShellAnalysisOptions } from "./shell/analyze-shell-command.js";
export { analyzeShellCommand } from "./shell/analyze-shell-command.js";
export type {
  Approver,
  CallAccess,
  PermissionDecision,
  PermissionLevel,
  PermissionMode,
  PermissionPolicy,
  PermissionRequest,
  RequiredAccess,
  ShellSubcommand,
} from "./types.js";
