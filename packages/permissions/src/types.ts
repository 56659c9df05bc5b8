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

export type PermissionDecision =
  | { behavior: "allow" }
  | { behavior: "deny"; reason: string }
  | { behavior: "ask"; reason: string };

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
