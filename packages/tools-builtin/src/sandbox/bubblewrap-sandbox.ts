import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTECTED_DIR_NAMES, PROTECTED_FILE_NAMES } from "@keel/permissions";
import { realpathOr } from "../real-path.js";
import type { Sandbox, SandboxAvailability, SandboxedCommand, SandboxPolicy } from "./sandbox.js";
import { noUnixSocketsFilter } from "./seccomp-no-unix-sockets.js";

const GIT_CONFIG_PATHS = [
  ".git/config",
  ".git/hooks",
  ".git/config.worktree",
  ".git/commondir",
  ".git/info",
  ".git/modules",
  ".git/worktrees",
];

/**
 * Names inside a workspace root that a sandboxed command must not change: the permission
 * engine's protected directories and files (they could grant permissions, plant hooks or run
 * code later), with `.git` narrowed to its config and hooks so git itself keeps working.
 */
export const PROTECTED_WORKSPACE_PATHS: readonly string[] = [
  ...PROTECTED_DIR_NAMES.filter((name) => name !== ".git"),
  // Everything git reads configuration or code from: config, hooks, per-worktree config, the
  // pointer to another config (`commondir`), and the gitdirs of submodules and worktrees.
  ...GIT_CONFIG_PATHS,
  ...PROTECTED_FILE_NAMES,
];

/**
 * Protected names a sandboxed command may not create either. `git init` in a fresh workspace
 * is legitimate, so `.git` entries it creates are allowed; the ones that only redirect config
 * (`commondir`, `config.worktree`) are not.
 */
export const GUARDED_ABSENT_PATHS: readonly string[] = PROTECTED_WORKSPACE_PATHS.filter(
  (name) => !name.startsWith(".git/") || name === ".git/commondir" || name === ".git/config.worktree",
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
  #filterPath: string | undefined;

  constructor(options: { bwrapPath?: string } = {}) {
    this.#bwrap = options.bwrapPath ?? "bwrap";
  }

  /** The seccomp program, written once per process to a private file. */
  #seccompFd(): number {
    if (this.#filterPath === undefined) {
      const dir = mkdtempSync(join(tmpdir(), "keel-seccomp-"));
      this.#filterPath = join(dir, "no-unix-sockets.bpf");
      writeFileSync(this.#filterPath, noUnixSocketsFilter(), { mode: 0o600 });
    }
    return openSync(this.#filterPath, "r");
  }

  wrap(argv: readonly string[], policy: SandboxPolicy): SandboxedCommand {
    const args = [this.#bwrap, "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts"];
    const extraFds: number[] = [];
    if (!policy.allowNetwork) {
      // No network: a new network namespace (loopback only), and no Unix-socket connections
      // to host daemons (docker, D-Bus, ssh-agent), which a network namespace does not stop.
      args.push("--unshare-net");
      extraFds.push(this.#seccompFd());
      args.push("--seccomp", String(2 + extraFds.length));
    }
    args.push("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc");
    // A private temp dir and /run: host sockets and other processes' temp files stay out of reach.
    for (const dir of new Set(["/tmp", realpathOr(tmpdir()), "/run"])) {
      if (existsSync(dir)) args.push("--tmpfs", dir);
    }
    for (const root of policy.writableRoots) args.push("--bind", root, root);
    for (const root of policy.writableRoots) {
      // `.git` becomes a mount point of its own, so it cannot be renamed away from the
      // read-only binds on its config and hooks below (mounts follow renamed directories).
      const git = join(root, ".git");
      if (isDirectory(git)) args.push("--bind", git, git);
    }
    for (const path of policy.readOnlyPaths) args.push("--ro-bind", path, path);
    for (const path of policy.hiddenPaths) {
      if (!existsSync(path)) continue;
      if (statSync(path).isDirectory()) args.push("--tmpfs", path, "--remount-ro", path);
      else args.push("--ro-bind", "/dev/null", path);
    }
    args.push("--", ...argv);
    return { argv: args, extraFds };
  }
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
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
  const { argv, extraFds } = sandbox.wrap(["/bin/sh", "-c", "exit 0"], {
    writableRoots: [],
    readOnlyPaths: [],
    hiddenPaths: [],
    absentProtectedPaths: [],
    allowNetwork: false,
  });
  const run = spawnSync(argv[0]!, argv.slice(1), {
    stdio: ["ignore", "ignore", "pipe", ...extraFds],
    timeout: 10_000,
  });
  for (const fd of extraFds) closeSync(fd);
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
