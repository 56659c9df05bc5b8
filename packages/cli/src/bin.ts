// Keep this file tiny: `keel --version` must not load the runtime.
import module from "node:module";

module.enableCompileCache?.();

const { parseCliArgs, UsageError, HELP_TEXT } = await import("./args.js");
let options: ReturnType<typeof parseCliArgs>;
try {
  options = parseCliArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`keel: ${err.message}\nRun \`keel --help\` for usage.\n`);
  process.exit(2);
}
if (options.version) {
  const { KEEL_VERSION } = await import("./version.js");
  process.stdout.write(`${KEEL_VERSION} (Keel)\n`);
} else if (options.help) {
  process.stdout.write(HELP_TEXT);
} else if (options.print) {
  const { runPrintMode } = await import("./print-mode.js");
  process.exitCode = await runPrintMode(options);
} else if (!process.stdout.isTTY || !process.stdin.isTTY) {
  const which = process.stdout.isTTY ? "input is" : "output is";
  process.stderr.write(
    `keel: the interactive mode needs a terminal, but the ${which} not one. Use print mode: keel -p "<prompt>" (see keel --help).\n`,
  );
  process.exitCode = 2;
} else {
  const { runInteractive } = await import("./tui/run-tui.js");
  process.exitCode = await runInteractive(options);
  // Whatever is still pending (a stalled stream, a child process) must not keep the terminal.
  process.exit();
}
