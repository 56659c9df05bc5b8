import type { PermissionMode } from "@keel/protocol";

export type { PermissionMode };

/**
 * What a tool call needs: `read` (inside the workspace), `write` (writes inside the
 * workspace) or `full` (outside it, network, unsandboxed shell beyond simple file commands).
 * Ordered read < write < full.
 */
export type PermissionLevel = "read" | "write" | "full";

/** One simple command of a shell call, after wrappers (`timeout`, `nice` …) were stripped. */
export interface ShellSubcommand {
  /** The words (quotes removed where static; dynamic words keep their source text). */
  argv: string[];
  /** The command as written (words joined by one space), without env assignments or redirects. */
  text: string;
  /** Leading `NAME=value` assignments as written (`""` when none). */
  envPrefix: string;
  /** Every leading assignment is a known-safe one (`NODE_ENV`, `LANG` …): allow rules may look past them. */
  envSafe: boolean;
  /** The command as written before wrappers were stripped (deny/ask rules also match it). */
  wrappedText: string;
  /**
   * Set when part of what runs is only known at run time: the words (wrappers stripped), each
   * static value or `null` for a part the analysis can't see (`$CMD x` → `[null, "x"]`;
   * `eval "$X"`, `sh -c "$X"`, `… | sh`, unknown syntax → `[null]`; `xargs rm` → `["rm", null]`).
   * A deny or ask rule that could match some value of it makes the call ask.
   */
  template?: Array<string | null>;
}

/**
 * What a call touches, as absolute paths. Bash fills it from its parse; for other tools the
 * policy derives it from the input (`file_path`, `path`, `notebook_path`).
 */
export interface CallAccess {
  reads: string[];
  writes: string[];
  /** Directories read recursively (`grep -r`, `rg`): a Read deny under them needs approval. */
  recursiveReads: string[];
  /** Shell calls only: the simple commands and redirect targets, for `Bash(...)` rules. */
  shell?: {
    subcommands: ShellSubcommand[];
    /** Output redirection targets (checked against `Edit(...)` rules). */
    redirectWrites: string[];
    /** Set when the parser could not read the whole command: no allow rule applies. */
    parseError?: string;
    /** A command name is only known at run time (`$CMD x`, `$(echo rm) -f x`, `eval "$X"`). */
    opaqueCommand?: boolean;
    /**
     * Repository roots whose object store a git command prints (also in `recursiveReads`): a
     * sandbox can't hide a denied file there, so keep these even when it lifts the others.
     */
    repositoryReads?: string[];
  };
}

export interface PermissionRequest {
  toolName: string;
  input: Record<string, unknown>;
  level: PermissionLevel;
  /** What the call touches, when the tool knows; absent: derived from the input by the policy. */
  access?: CallAccess;
}

/** What `Tool.requiredLevel` may return instead of a bare level: the level and what it touches. */
export interface RequiredAccess {
  level: PermissionLevel;
  access?: CallAccess;
}

/**
 * The outcome of the ladder. `rule` is set when a permission rule decided (quoted as written):
 * a rule's deny/ask holds even against a hook's allow, and a rule's ask can't be lifted by a
 * mode flag, so callers need to tell the two apart.
 */
export type PermissionDecision =
  | { behavior: "allow"; rule?: string }
  | { behavior: "deny"; reason: string; rule?: string }
  | {
      behavior: "ask";
      reason: string;
      rule?: string;
      /**
       * Set when no mode flag would allow the call (protected path, recursive read of denied
       * paths, a command only known at run time that a deny/ask rule could match).
       */
      guarded?: boolean;
    };

/** Decides a tool call without prompting anyone. Must not throw (nor reject). */
export interface PermissionPolicy {
  readonly mode: PermissionMode;
  /**
   * Directories inside which reads are `read` and writes `write` (the cwd first, then
   * `--add-dir` roots). The runner hands them to `Tool.requiredLevel`. Absent: the cwd only.
   */
  readonly workspaceRoots?: readonly string[];
  decide(request: PermissionRequest): PermissionDecision | Promise<PermissionDecision>;
}

/**
 * Asks a human (TUI dialog, SDK callback) about an `ask` decision. Implementations must honour
 * `signal` and resolve `deny` when it aborts.
 */
export interface Approver {
  approve(
    request: PermissionRequest & {
      reason: string;
      toolUseId: string;
      /** The ask rule that asked (quoted as written), if a rule did. */
      rule?: string;
      /** No rule or mode would allow this call: don't offer "don't ask again". */
      guarded?: boolean;
    },
    signal: AbortSignal,
  ): Promise<{ behavior: "allow" } | { behavior: "deny"; reason: string }>;
}
