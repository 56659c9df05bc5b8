import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEEL_BIN } from "./keel-harness.js";

/** tmux on PATH, or undefined (the TUI tests then skip with a printed reason). */
export const TMUX = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].find((p) => existsSync(p));
if (!TMUX) process.stderr.write("tmux not found: the TUI tests are skipped (apt-get install tmux).\n");

const POLL_MS = 40;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface TuiSessionOptions {
  /** The fake server's URL. */
  serverUrl: string;
  args?: string[];
  cols?: number;
  rows?: number;
  /** Extra environment (on top of a minimal one: PATH, HOME, KEEL_HOME, TERM, credentials). */
  env?: Record<string, string>;
  /** Reuse a workspace and home (e.g. to resume a session made before). */
  cwd?: string;
  home?: string;
  /** Record everything keel writes to the terminal (tmux pipe-pane) into `rawPath`. */
  record?: boolean;
  /** The command to run instead of `node dist/bin.js` (the bench starts bin/keel.js). */
  command?: string[];
}

/**
 * Keel running in a detached tmux pane of its own tmux server (a private socket), driven with
 * send-keys and read with capture-pane. Waits poll the pane; nothing sleeps a fixed time.
 */
export class TuiSession {
  readonly socket: string;
  readonly cwd: string;
  readonly home: string;
  readonly rawPath: string;

  private constructor(socket: string, cwd: string, home: string, rawPath: string) {
    this.socket = socket;
    this.cwd = cwd;
    this.home = home;
    this.rawPath = rawPath;
  }

  static start(o: TuiSessionOptions): TuiSession {
    if (!TMUX) throw new Error("tmux is not installed");
    const cwd = o.cwd ?? mkdtempSync(join(tmpdir(), "keel-tui-"));
    const home = o.home ?? mkdtempSync(join(tmpdir(), "keel-tui-home-"));
    const socket = `keel-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const rawPath = join(home, `terminal-${socket}.raw`);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      KEEL_HOME: home,
      TERM: "xterm-256color",
      LANG: "C.UTF-8",
      ANTHROPIC_API_KEY: "sk-test-key",
      ANTHROPIC_BASE_URL: o.serverUrl,
      ...o.env,
    };
    const command = o.command ?? [process.execPath, KEEL_BIN];
    const line = [
      "cd",
      shellQuote(cwd),
      "&&",
      "exec env -i",
      ...Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`)),
      ...[...command, ...(o.args ?? [])].map(shellQuote),
    ].join(" ");
    const session = new TuiSession(socket, cwd, home, rawPath);
    // A long scrollback, so tests can read the whole conversation back.
    const conf = join(home, `tmux-${socket}.conf`);
    writeFileSync(conf, "set -g history-limit 100000\n");
    session.tmux(
      "-f",
      conf,
      "new-session",
      "-d",
      "-s",
      "main",
      "-x",
      String(o.cols ?? 100),
      "-y",
      String(o.rows ?? 30),
      "sh",
      "-c",
      // Start keel only once the pane is recorded, so the recording holds every byte.
      `${o.record ? "sleep 0.2; " : ""}${line}`,
    );
    session.tmux("set-option", "-t", "main", "remain-on-exit", "on");
    if (o.record) session.tmux("pipe-pane", "-t", "main", "-o", `cat >> ${shellQuote(rawPath)}`);
    return session;
  }

  tmux(...args: string[]): string {
    return execFileSync(TMUX as string, ["-L", this.socket, ...args], { encoding: "utf8" });
  }

  /** Types text literally (no key names). */
  type(text: string): void {
    this.tmux("send-keys", "-t", "main", "-l", text);
  }

  /** Presses keys by tmux name: `Enter`, `Escape`, `C-c`, `BTab`, `Up` … */
  press(...keys: string[]): void {
    this.tmux("send-keys", "-t", "main", ...keys);
  }

  /** The visible screen. */
  screen(): string {
    return this.tmux("capture-pane", "-p", "-t", "main");
  }

  /** Scrollback and screen, lines joined where the terminal wrapped them. */
  history(): string {
    return this.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "main");
  }

  /** The recorded raw terminal output (with `record: true`). */
  raw(): string {
    return existsSync(this.rawPath) ? readFileSync(this.rawPath, "latin1") : "";
  }

  /** Keel's exit status once it has exited (128 + n when killed by signal n), else undefined. */
  exitStatus(): number | undefined {
    const [dead, status, signal] = this.tmux(
      "display-message",
      "-p",
      "-t",
      "main",
      "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}",
    )
      .trim()
      .split("|");
    if (dead === "1" && status !== "" && status !== undefined) return Number(status);
    if (dead === "1" && signal !== "" && signal !== undefined) return 128 + Number(signal);
    // tmux can see the pane close before it has collected the status (or miss the SIGCHLD).
    return this.zombieStatus();
  }

  /**
   * tmux 3.3 sometimes misses the SIGCHLD of a pane's process and leaves it a zombie for a long
   * time; the kernel still has its exit status (`/proc/<pid>/stat` field 52).
   */
  private zombieStatus(): number | undefined {
    const pid = this.tmux("display-message", "-p", "-t", "main", "#{pane_pid}").trim();
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return undefined;
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] !== "Z") return undefined;
    const code = Number(fields[49]);
    return code & 0x7f ? 128 + (code & 0x7f) : (code >> 8) & 0xff;
  }

  /** Polls until `test` holds for the screen (or the whole history), or fails after `timeoutMs`. */
  async waitFor(
    test: string | RegExp | ((text: string) => boolean),
    options: { timeoutMs?: number; history?: boolean } = {},
  ): Promise<string> {
    const deadline = performance.now() + (options.timeoutMs ?? 15_000);
    const check =
      typeof test === "function"
        ? test
        : (t: string) => (typeof test === "string" ? t.includes(test) : test.test(t));
    let last = "";
    while (performance.now() < deadline) {
      last = options.history ? this.history() : this.screen();
      if (check(last)) return last;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    throw new Error(`timed out waiting for ${String(test)}; the pane shows:\n${last}`);
  }

  /** Polls until keel exits; returns its exit status. */
  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const status = this.exitStatus();
      if (status !== undefined) return status;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    throw new Error(`keel did not exit; the pane shows:\n${this.screen()}`);
  }

  close(): void {
    try {
      this.tmux("kill-server");
    } catch {
      // already gone
    }
  }
}

/** Lines of the session files under a Keel home, parsed (a torn line fails the parse on purpose). */
export function sessionRecords(home: string): Array<{ path: string; lines: string[] }> {
  const projects = join(home, "projects");
  if (!existsSync(projects)) return [];
  const out: Array<{ path: string; lines: string[] }> = [];
  for (const dir of readdirSync(projects)) {
    for (const f of readdirSync(join(projects, dir))) {
      if (!f.endsWith(".jsonl")) continue;
      const path = join(projects, dir, f);
      out.push({
        path,
        lines: readFileSync(path, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== ""),
      });
    }
  }
  return out;
}
