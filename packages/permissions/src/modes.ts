import type { PermissionLevel, PermissionMode } from "./types.js";

/** Every permission mode, in Shift+Tab-ish order (default, acceptEdits, plan, then the others). */
export const PERMISSION_MODES: readonly PermissionMode[] = [
  "default",
  "acceptEdits",
  "plan",
  "dontAsk",
  "bypassPermissions",
];

export function isPermissionMode(value: unknown): value is PermissionMode {
  return typeof value === "string" && (PERMISSION_MODES as readonly string[]).includes(value);
}

const LEVEL_RANK: Record<PermissionLevel, number> = { read: 0, write: 1, full: 2 };

/** True when `level` is no more than `ceiling` (read < write < full). */
export function levelWithin(level: PermissionLevel, ceiling: PermissionLevel): boolean {
  return LEVEL_RANK[level] <= LEVEL_RANK[ceiling];
}

/**
 * The highest level a mode allows without asking (ladder step 5). `bypassPermissions` allows
 * everything earlier (step 3), so its ceiling is `full`; `plan` is read-only.
 */
export function autoAllowCeiling(mode: PermissionMode): PermissionLevel {
  switch (mode) {
    case "acceptEdits":
      return "write";
    case "bypassPermissions":
      return "full";
    default:
      return "read";
  }
}

/** How a level reads in messages. */
export function describeLevel(level: PermissionLevel): string {
  switch (level) {
    case "read":
      return "read access";
    case "write":
      return "write access inside the workspace";
    case "full":
      return "full access (outside the workspace, network or unrestricted shell)";
  }
}
