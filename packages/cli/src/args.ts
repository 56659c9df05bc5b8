import { parseArgs } from "node:util";

/** Splits a rule list on commas and whitespace outside parentheses (`"Bash(git log:*) Read"`). */
function splitRuleList(value: string): string[] {
  const out: string[] = [];
  let current = "";
  let depth = 0;
  for (const c of value) {
    if (c === "(") depth++;
    if (c === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (c === "," || /\s/.test(c))) {
      if (current !== "") out.push(current);
      current = "";
    } else current += c;
  }
  if (current !== "") out.push(current);
  return out;
}

export type OutputFormat = "text" | "json" | "stream-json";
const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "stream-json"];
const MODES = ["default", "acceptEdits", "plan", "dontAsk", "bypassPermissions"] as const;
export type CliPermissionMode = (typeof MODES)[number];

export interface CliOptions {
  print: boolean;
  prompt: string | undefined;
  outputFormat: OutputFormat;
  model: string | undefined;
  /** `--provider <name>`: a built-in or settings provider. */
  provider: string | undefined;
  /** `--fallback-model <id>`: used when the model is still overloaded after all retries. */
  fallbackModel: string | undefined;
  maxTurns: number | undefined;
  permissionMode: CliPermissionMode | undefined;
  resume: string | undefined;
  /** `--resume` without an id: pick a session interactively. */
  resumePicker: boolean;
  continueLatest: boolean;
  /** `--fork-session`: with --resume/--continue, continue in a new session (the old one is untouched). */
  forkSession: boolean;
  systemPrompt: string | undefined;
  /** `--settings <file|json>`. */
  settings: string | undefined;
  /** `--allowed-tools` / `--allowedTools` rules, split on commas and spaces outside parentheses. */
  allowedTools: string[];
  /** `--disallowed-tools` / `--disallowedTools` rules. */
  disallowedTools: string[];
  /** `--add-dir`, repeatable. */
  addDirs: string[];
  /** `--no-sandbox`: run Bash without the kernel sandbox. */
  noSandbox: boolean;
  appendSystemPrompt: string | undefined;
  verbose: boolean;
  version: boolean;
  help: boolean;
}

export class UsageError extends Error {}

/** Parse argv (without node and script). Throws `UsageError` with a message for the user. */
export function parseCliArgs(argv: string[]): CliOptions {
  argv = resumeWithoutId(argv);
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
  const resumePicker = Boolean(v["resume-picker"]);
  if ((v.resume !== undefined || resumePicker) && v.continue)
    throw new UsageError("Use either --resume or --continue, not both.");
  if (v["fork-session"] && v.resume === undefined && !resumePicker && !v.continue)
    throw new UsageError("--fork-session needs --resume or --continue.");
  const positional = parsed.positionals.join(" ").trim();
  const rules = (...values: Array<string[] | undefined>) =>
    values.flatMap((v) => v ?? []).flatMap(splitRuleList);
  const addDirs = v["add-dir"] ?? [];
  for (const flag of ["model", "provider", "fallback-model"] as const) {
    if (v[flag] !== undefined && v[flag].trim() === "") throw new UsageError(`--${flag} needs a value.`);
  }
  if (addDirs.some((d) => d.trim() === "")) throw new UsageError("--add-dir needs a directory.");
  return {
    print: Boolean(v.print),
    prompt: positional.length > 0 ? positional : undefined,
    outputFormat,
    model: v.model,
    provider: v.provider,
    fallbackModel: v["fallback-model"],
    maxTurns,
    permissionMode,
    resume: v.resume,
    resumePicker,
    continueLatest: Boolean(v.continue),
    forkSession: Boolean(v["fork-session"]),
    systemPrompt: v["system-prompt"],
    settings: v.settings,
    allowedTools: rules(v["allowed-tools"], v.allowedTools),
    disallowedTools: rules(v["disallowed-tools"], v.disallowedTools),
    addDirs,
    noSandbox: Boolean(v["no-sandbox"]),
    appendSystemPrompt: v["append-system-prompt"],
    verbose: Boolean(v.verbose),
    version: Boolean(v.version),
    help: Boolean(v.help),
  };
}

/** `--resume`/`-r` may come without an id (then the next word is absent or another flag): the picker. */
function resumeWithoutId(argv: string[]): string[] {
  return argv.map((arg, i) => {
    if (arg !== "--resume" && arg !== "-r") return arg;
    const next = argv[i + 1];
    return next === undefined || (next.startsWith("-") && next !== "-") ? "--resume-picker" : arg;
  });
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
      provider: { type: "string" },
      "fallback-model": { type: "string" },
      "max-turns": { type: "string" },
      "permission-mode": { type: "string" },
      "dangerously-skip-permissions": { type: "boolean" },
      resume: { type: "string", short: "r" },
      "resume-picker": { type: "boolean" },
      continue: { type: "boolean", short: "c" },
      "fork-session": { type: "boolean" },
      "system-prompt": { type: "string" },
      "append-system-prompt": { type: "string" },
      settings: { type: "string" },
      "allowed-tools": { type: "string", multiple: true },
      allowedTools: { type: "string", multiple: true },
      "disallowed-tools": { type: "string", multiple: true },
      disallowedTools: { type: "string", multiple: true },
      "add-dir": { type: "string", multiple: true },
      "no-sandbox": { type: "boolean" },
      verbose: { type: "boolean" },
      version: { type: "boolean", short: "v" },
      help: { type: "boolean", short: "h" },
    },
  });
}

export const HELP_TEXT = `keel — a coding agent

Usage:
  keel                          interactive session (needs a terminal; /help inside)
  keel -p "<prompt>"            answer once and exit (print mode); the prompt may also come on stdin

Options:
  -p, --print                   print mode (non-interactive)
  --output-format <fmt>         text (default) | json | stream-json (Claude Code's shapes)
  --model <id>                  model id, or <provider>/<id> (e.g. openai/gpt-6.2-sol, local/qwen3);
                                default: $ANTHROPIC_MODEL, settings "model", else the provider's default
  --provider <name>             anthropic | openai | openai-chat | openai-responses | a settings provider
                                (default: from the model id, else whichever API key is set)
  --fallback-model <id>         retry a request once with this model when the main one stays overloaded
  --max-turns <n>               stop after n model requests (result subtype error_max_turns)
  --permission-mode <mode>      default | acceptEdits | plan | dontAsk | bypassPermissions
  --dangerously-skip-permissions  same as --permission-mode bypassPermissions
  -r, --resume [session-id]     continue a saved session (without an id: pick one; interactive only)
  -c, --continue                continue the most recent session in this directory
  --fork-session                with --resume/--continue: continue in a new session, leaving the old one
  --system-prompt <text>        replace the system prompt
  --append-system-prompt <text> append to the system prompt
  --settings <file|json>        extra settings (highest precedence after flags)
  --allowed-tools <rules>       allow rules, e.g. "Bash(npm test) Read" (also --allowedTools)
  --disallowed-tools <rules>    deny rules; a bare tool name removes the tool (also --disallowedTools)
  --add-dir <dir>               another workspace root (repeatable)
  --no-sandbox                  run Bash without the bubblewrap sandbox (commands then need approval by level)
  --verbose                     accepted for compatibility (stream-json is always complete)
  -v, --version                 print the version
  -h, --help                    this help

Environment:
  ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN   credentials;  ANTHROPIC_BASE_URL  API endpoint
  ANTHROPIC_MODEL               default model (unless --provider names a non-Anthropic provider)
  OPENAI_API_KEY                credentials;  OPENAI_BASE_URL  API endpoint (elsewhere: Chat Completions)
  KEEL_HOME                     config and sessions root (default ~/.keel)
  KEEL_MAX_RETRIES              provider retries (default 10)
  KEEL_STREAM_IDLE_TIMEOUT_MS   give up on a silent stream after this long (default 300000)

Exit codes: 0 success, 1 error, 2 usage error, 130 interrupted (SIGINT), 143 terminated (SIGTERM).
`;
