/**
 * Where a shell command may write, what it must not see, and whether it has network.
 * Paths are absolute and already resolved through symlinks.
 */
export interface SandboxPolicy {
  /** Writable roots: the workspace roots and the temp dir. Everything else is read-only. */
  writableRoots: string[];
  /** Paths inside writable roots that stay read-only (settings, hooks, shell config). */
  readOnlyPaths: string[];
  /** Paths that must not be readable at all (covered by Read deny rules). */
  hiddenPaths: string[];
  /**
   * Protected paths that do not exist yet. A mount cannot guard a path that is not there, so
   * the caller removes any of them the command created (see `removeCreatedProtectedPaths`).
   */
  absentProtectedPaths: string[];
  allowNetwork: boolean;
}

/** What to spawn instead of the plain command. */
export interface SandboxedCommand {
  argv: string[];
  /**
   * Open file descriptors the child must receive as fds 3, 4, … (e.g. a seccomp program).
   * The caller passes them to `spawn` and closes them afterwards.
   */
  extraFds: number[];
}

/**
 * Confines a command. `wrap` turns the argv Keel would spawn into the command that runs it
 * inside the sandbox. Implementations must make sure that killing the returned process (or its
 * process group) ends everything the command started.
 */
export interface Sandbox {
  readonly kind: string;
  wrap(argv: readonly string[], policy: SandboxPolicy): SandboxedCommand;
}

/** Whether a sandbox can be used here; `reason` says why not, for a one-time notice. */
export type SandboxAvailability =
  | { available: true; sandbox: Sandbox }
  | { available: false; reason: string };
