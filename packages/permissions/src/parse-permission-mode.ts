import { isPermissionMode, PERMISSION_MODES } from "./modes.js";
import { PermissionError } from "./permission-error.js";
import type { PermissionMode } from "./types.js";

/** Parses a mode from user input (flag, settings); throws a PermissionError naming the valid modes. */
export function parsePermissionMode(value: string): PermissionMode {
  if (isPermissionMode(value)) return value;
  throw new PermissionError(
    "invalid_mode",
    `Unknown permission mode "${value}". Use one of: ${PERMISSION_MODES.join(", ")}.`,
  );
}
