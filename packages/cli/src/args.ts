import { parseArgs } from "node:util";

export type OutputFormat = "text" | "json" | "stream-json";
const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "stream-json"];
const MODES = ["default", "acceptEdits", "plan", "dontAsk", "bypassPermissions"] as const;
export type CliPermissionMode = (typeof MODES)[number];

export interface CliOptions {
  print: boolean;
  prompt: string | undefined;
  outputFormat: OutputFormat;
  model: string | undefined;
  maxTurns: number | undefined;
  permissionMode: CliPermissionMode | undefined;
  resume: string | undefined;
  continueLatest: boolean;
  systemPrompt: string | undefined;
  appendSystemPrompt: string | undefined;
  verbose: boolean;
  version: boolean;
  help: boolean;
}

export class UsageError extends Error {}

/** Parse argv (without node and script). Throws `UsageError` with a message for the user. */
export function parseCliArgs(argv: string[]): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  const outputFormat = (v["output-format"] ?? "text") as OutputFormat;
  if (!OUTPUT_FORMATS.includes(outputFormat)) {
    throw new UsageError(
      `--output-format must be one of ${OUTPUT_FORMATS.join(", ")}; got "${outputFormat}".`,
    );
  }
  let permissionMode: CliPermissionMode | undefined;
  if (v["dangerously-skip-permissions"]) permissionMode = "bypassPermissions";
  if (v["permission-mode"] !== undefined) {
    const mode = v["permission-mode"] as CliPermissionMode;
    if (!MODES.includes(mode))
      throw new UsageError(`--permission-mode must be one of ${MODES.join(", ")}; got "${mode}".`);
    permissionMode = mode;
  }
  let maxTurns: number | undefined;
  if (v["max-turns"] !== undefined) {
    maxTurns = Number(v["max-turns"]);
    if (!Number.isInteger(maxTurns) || maxTurns < 1)
      throw new UsageError("--max-turns must be a positive integer.");
  }
  if (v.resume !== undefined && v.continue)
    throw new UsageError("Use either --resume <id> or --continue, not both.");
  const positional = parsed.positionals.join(" ").trim();
  return {
    print: Boolean(v.print),
    prompt: positional.length > 0 ? positional : undefined,
    outputFormat,
    model: v.model,
    maxTurns,
    permissionMode,
    resume: v.resume,
    continueLatest: Boolean(v.continue),
    systemPrompt: v["system-prompt"],
    appendSystemPrompt: v["append-system-prompt"],
    verbose: Boolean(v.verbose),
    version: Boolean(v.version),
    help: Boolean(v.help),
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      print: { type: "boolean", short: "p" },
      "output-format": { type: "string" },
      model: { type: "string" },
      "max-turns": { type: "string" },
      "permission-mode": { type: "string" },
      "dangerously-skip-permissions": { type: "boolean" },
      resume: { type: "string", short: "r" },
      continue: { type: "boolean", short: "c" },
      "system-prompt": { type: "string" },
      "append-system-prompt": { type: "string" },
      verbose: { type: "boolean" },
      version: { type: "boolean", short: "v" },
      help: { type: "boolean", short: "h" },
    },
  });
}

export const HELP_TEXT = `keel — a coding agent

Usage:
  keel -p "<prompt>"            answer once and exit (print mode); the prompt may also come on stdin

Options:
  -p, --print                   print mode (non-interactive)
  --output-format <fmt>         text (default) | json | stream-json (Claude Code's shapes)
  --model <id>                  model id (default: $ANTHROPIC_MODEL or claude-sonnet-5-5)
  --max-turns <n>               stop after n model requests (result subtype error_max_turns)
  --permission-mode <mode>      default | acceptEdits | plan | dontAsk | bypassPermissions
  --dangerously-skip-permissions  same as --permission-mode bypassPermissions
  -r, --resume <session-id>     continue a saved session
  -c, --continue                continue the most recent session in this directory
  --system-prompt <text>        replace the system prompt
  --append-system-prompt <text> append to the system prompt
  --verbose                     accepted for compatibility (stream-json is always complete)
  -v, --version                 print the version
  -h, --help                    this help

Environment:
  ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN   credentials;  ANTHROPIC_BASE_URL  API endpoint
  ANTHROPIC_MODEL               default model
  KEEL_HOME                     config and sessions root (default ~/.keel)
  KEEL_MAX_RETRIES              provider retries (default 10)
  KEEL_STREAM_IDLE_TIMEOUT_MS   give up on a silent stream after this long (default 300000)

Exit codes: 0 success, 1 error, 2 usage error, 130 interrupted (SIGINT), 143 terminated (SIGTERM).
`;
