import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Sandbox, SandboxAvailability, SandboxPolicy } from "./sandbox.js";

/**
 * Names inside a workspace root that a sandboxed command must not change: they could grant it
 * permissions (.keel, .claude, .mcp.json), plant hooks (.git/hooks, .git/config, .husky) or run
 * code in the user's shell or editor later.
 */
export const PROTECTED_WORKSPACE_PATHS = [
  ".keel",
  ".claude",
  ".mcp.json",
  ".git/hooks",
  ".git/config",
  ".gitmodules",
  ".husky",
  ".vscode",
  ".idea",
  ".devcontainer",
  ".envrc",
  ".bashrc",
  ".bash_profile",
  ".zshrc",
  ".profile",
  ".npmrc",
];

/**
 * Protected names a sandboxed command may not create either (they would grant permissions or
 * run code later). `.git/*` is not listed: `git init` in a fresh workspace is legitimate.
 */
export const GUARDED_ABSENT_PATHS = PROTECTED_WORKSPACE_PATHS.filter(
  (name) => !name.startsWith(".git") && name !== ".husky",
);

/** The guarded names that do not exist (yet) in the workspace roots. */
export function absentProtectedPathsIn(roots: readonly string[]): string[] {
  return roots
    .flatMap((root) => GUARDED_ABSENT_PATHS.map((name) => join(root, name)))
    .filter((p) => !exists(p));
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Removes the guarded paths a sandboxed command created; returns them (for a note to the model). */
export function removeCreatedProtectedPaths(policy: Pick<SandboxPolicy, "absentProtectedPaths">): string[] {
  const created = policy.absentProtectedPaths.filter(exists);
  for (const path of created) rmSync(path, { recursive: true, force: true });
  return created;
}

/** The read-only paths for a set of workspace roots: the protected names that exist. */
export function protectedPathsIn(roots: readonly string[]): string[] {
  const out: string[] = [];
  for (const root of roots) {
    for (const name of PROTECTED_WORKSPACE_PATHS) {
      const path = join(root, name);
      if (existsSync(path)) out.push(path);
    }
  }
  return out;
}

/**
 * Linux bubblewrap: a new mount namespace where `/` is read-only, the writable roots are bound
 * read-write, protected paths are re-bound read-only, hidden paths are covered, and (unless
 * allowed) a new network namespace with only loopback. A new PID namespace plus
 * `--die-with-parent` means killing the bwrap process ends every process the command started.
 */
export class BubblewrapSandbox implements Sandbox {
  readonly kind = "bubblewrap";
  readonly #bwrap: string;

  constructor(options: { bwrapPath?: string } = {}) {
    this.#bwrap = options.bwrapPath ?? "bwrap";
  }

  wrap(argv: readonly string[], policy: SandboxPolicy): string[] {
    const args = [this.#bwrap, "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts"];
    if (!policy.allowNetwork) args.push("--unshare-net");
    args.push("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc");
    for (const root of policy.writableRoots) args.push("--bind", root, root);
    for (const path of policy.readOnlyPaths) args.push("--ro-bind", path, path);
    for (const path of policy.hiddenPaths) {
      if (!existsSync(path)) continue;
      if (statSync(path).isDirectory()) args.push("--tmpfs", path, "--remount-ro", path);
      else args.push("--ro-bind", "/dev/null", path);
    }
    args.push("--", ...argv);
    return args;
  }
}

/**
 * Checks once whether bubblewrap can create its namespaces here (it cannot in some containers
 * and on kernels that forbid unprivileged user namespaces).
 */
export function probeBubblewrap(options: { bwrapPath?: string } = {}): SandboxAvailability {
  if (process.platform !== "linux")
    return { available: false, reason: "the Bash sandbox needs Linux (bubblewrap)" };
  const sandbox = new BubblewrapSandbox(options);
  const argv = sandbox.wrap(["/bin/sh", "-c", "exit 0"], {
    writableRoots: [],
    readOnlyPaths: [],
    hiddenPaths: [],
    absentProtectedPaths: [],
    allowNetwork: false,
  });
  const run = spawnSync(argv[0]!, argv.slice(1), { stdio: ["ignore", "ignore", "pipe"], timeout: 10_000 });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === "ENOENT";
    return {
      available: false,
      reason: missing
        ? "bubblewrap (bwrap) is not installed (apt-get install bubblewrap)"
        : `bubblewrap failed to start: ${run.error.message}`,
    };
  }
  if (run.status !== 0) {
    const detail = run.stderr.toString("utf8").trim().split("\n")[0] ?? "";
    return {
      available: false,
      reason: `bubblewrap cannot create namespaces here: ${detail || `exit ${run.status}`}`,
    };
  }
  return { available: true, sandbox };
}
