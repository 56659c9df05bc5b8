import type { CliOptions } from "../args.js";
import { TuiApp } from "./app/tui-app.js";
import type { TuiDeps } from "./app/tui-deps.js";

export type { SessionSummary } from "./app/agent-connection.js";
export type { CustomCommand } from "./commands/command-types.js";
export type { TuiDeps };

/**
 * `keel` without `-p` on a terminal: the interactive TUI. Resolves the exit code when the user
 * leaves (/exit, Ctrl-C twice, Ctrl-D); SIGTERM, SIGHUP and an outside SIGINT leave the same way.
 * A crash restores the terminal before it is reported.
 */
export async function runInteractive(options: CliOptions, deps: TuiDeps = {}): Promise<number> {
  const app = new TuiApp({ cli: options, env: process.env, cwd: process.cwd(), deps });
  const signals: Array<[NodeJS.Signals, number]> = [
    ["SIGTERM", 143],
    ["SIGHUP", 129],
    ["SIGINT", 130],
  ];
  const handlers = signals.map(([signal, code]) => {
    const handler = () => void app.shutdown(code);
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  const crash = (error: unknown) => {
    try {
      app.screen.stop();
    } catch {
      // the terminal may be gone
    }
    process.stderr.write(
      `keel: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  };
  // A stray rejected promise is a bug worth reporting, not worth losing the session over.
  const stray = (error: unknown) =>
    app.notice(`internal error: ${error instanceof Error ? error.message : String(error)}`);
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", stray);
  try {
    return await app.start();
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off("uncaughtException", crash);
    process.off("unhandledRejection", stray);
  }
}
