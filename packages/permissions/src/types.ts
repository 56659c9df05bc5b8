import type { PermissionMode } from "@keel/protocol";

export type { PermissionMode };

/**
 * What a tool call needs: `read` (inside the workspace), `write` (writes inside the
 * workspace) or `full` (outside it, network, unsandboxed shell beyond simple file commands).
 * Ordered read < write < full.
 */
export type PermissionLevel = "read" | "write" | "full";

export interface PermissionRequest {
  toolName: string;
  input: Record<string, unknown>;
  level: PermissionLevel;
}

/**
 * The outcome of the ladder. `rule` is set when a permission rule decided (quoted as written):
 * a rule's deny/ask holds even against a hook's allow, and a rule's ask can't be lifted by a
 * mode flag, so callers need to tell the two apart.
 */
export type PermissionDecision =
  | { behavior: "allow"; rule?: string }
  | { behavior: "deny"; reason: string; rule?: string }
  | { behavior: "ask"; reason: string; rule?: string };

/** Decides a tool call without prompting anyone. Must not throw. */
export interface PermissionPolicy {
  readonly mode: PermissionMode;
  decide(request: PermissionRequest): PermissionDecision;
}

/**
 * Asks a human (TUI dialog, SDK callback) about an `ask` decision. Implementations must honour
 * `signal` and resolve `deny` when it aborts.
 */
export interface Approver {
  approve(
    request: PermissionRequest & { reason: string; toolUseId: string },
    signal: AbortSignal,
  ): Promise<{ behavior: "allow" } | { behavior: "deny"; reason: string }>;
}
