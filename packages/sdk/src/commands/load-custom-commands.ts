import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { frontmatterBoolean, frontmatterList } from "../frontmatter/frontmatter-values.js";
import { parseFrontmatter } from "../frontmatter/parse-frontmatter.js";
import { findGitRoot } from "../memory/find-git-root.js";

/** A custom slash command from a markdown file (compat §7). */
export interface CustomCommand {
  /** What the user types after `/`: the file name without `.md`. */
  name: string;
  /** Subfolders below the commands directory, joined with `:` (`frontend`); "" at the top. */
  namespace: string;
  /** `namespace:name`, or `name` at the top; also accepted after `/`. */
  qualifiedName: string;
  /** `project` (`.keel/commands`, `.claude/commands`) or `user` (`$KEEL_HOME/commands`, `~/.claude/commands`). */
  scope: "project" | "user";
  path: string;
  /** From the frontmatter, else the body's first line. */
  description: string;
  argumentHint?: string;
  model?: string;
  /** Permission rules allowed while the command runs (`allowed-tools`). */
  allowedTools: string[];
  /** `disable-model-invocation: true`: only the user may run it. */
  disableModelInvocation: boolean;
  /** Named arguments (`arguments:`), substituted as `$name` (2026 style). */
  argumentNames: string[];
  /** The prompt template. */
  body: string;
}

export interface LoadedCommands {
  /** Highest precedence first; a command shadowed by one of the same qualified name is left out. */
  commands: CustomCommand[];
  /** Invalid files, each naming the file. */
  warnings: string[];
}

export interface LoadCommandsOptions {
  cwd: string;
  keelHome: string;
  home: string;
  /** Also read `~/.claude/commands` (Claude Code's personal commands). Default true. */
  claudeUserCommands?: boolean;
}

const MAX_DEPTH = 5;
const MAX_FILE_BYTES = 256 * 1024;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Custom commands, highest precedence first: `.keel/commands` then `.claude/commands` in the cwd
 * (then in the git root, when that is another directory), then `$KEEL_HOME/commands` and
 * `~/.claude/commands`. Subfolders are namespaces (`frontend/component.md` is `/component`,
 * shown as `project:frontend`, also reachable as `/frontend:component`).
 */
export function loadCustomCommands(options: LoadCommandsOptions): LoadedCommands {
  const cwd = resolve(options.cwd);
  const root = findGitRoot(cwd);
  const projectDirs = root && root !== cwd ? [cwd, root] : [cwd];
  const sources: Array<[string, CustomCommand["scope"]]> = [
    ...projectDirs.flatMap(
      (d): Array<[string, CustomCommand["scope"]]> => [
        [join(d, ".keel", "commands"), "project"],
        [join(d, ".claude", "commands"), "project"],
      ],
    ),
    [join(options.keelHome, "commands"), "user"],
    ...(options.claudeUserCommands === false
      ? []
      : [[join(options.home, ".claude", "commands"), "user"] as [string, CustomCommand["scope"]]]),
  ];
  const warnings: string[] = [];
  const commands: CustomCommand[] = [];
  const taken = new Set<string>();
  for (const [dir, scope] of sources) {
    for (const path of markdownFiles(dir, 0, warnings)) {
      const command = readCommandFile(path, dir, scope, warnings);
      if (!command || taken.has(command.qualifiedName)) continue;
      taken.add(command.qualifiedName);
      commands.push(command);
    }
  }
  return { commands, warnings };
}

/** The command a user typed (`/name` or `/namespace:name`, without the slash). */
export function findCustomCommand(
  commands: readonly CustomCommand[],
  typed: string,
): CustomCommand | undefined {
  return commands.find((c) => c.qualifiedName === typed) ?? commands.find((c) => c.name === typed);
}

function markdownFiles(dir: string, depth: number, warnings: string[]): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth + 1 >= MAX_DEPTH)
        warnings.push(`${path}: command folders nest at most ${MAX_DEPTH} deep; skipped.`);
      else out.push(...markdownFiles(path, depth + 1, warnings));
    } else if (entry.name.endsWith(".md") && (entry.isFile() || entry.isSymbolicLink())) out.push(path);
  }
  return out;
}

function readCommandFile(
  path: string,
  dir: string,
  scope: CustomCommand["scope"],
  warnings: string[],
): CustomCommand | undefined {
  const parts = relative(dir, path).slice(0, -3).split(sep);
  const name = parts.pop()!;
  if (![name, ...parts].every((p) => NAME.test(p))) {
    warnings.push(`${path}: a command name uses letters, digits, ".", "_" and "-" (no spaces); skipped.`);
    return undefined;
  }
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_FILE_BYTES) {
      warnings.push(
        `${path}: ${buf.length} bytes is over the ${MAX_FILE_BYTES}-byte limit for a command; skipped.`,
      );
      return undefined;
    }
    text = buf.toString("utf8");
  } catch (err) {
    warnings.push(`${path}: could not be read (${(err as Error).message}); skipped.`);
    return undefined;
  }
  // `argument-hint: [pr] [priority]` is a hint, not a YAML list.
  const parsed = parseFrontmatter(text, { flowLists: false });
  if (!parsed.ok) {
    warnings.push(`${path}: ${parsed.error}; the command is skipped.`);
    return undefined;
  }
  const body = parsed.body.trim();
  if (body === "") {
    warnings.push(`${path}: the command has no prompt text; skipped.`);
    return undefined;
  }
  const data = parsed.fields ?? {};
  const text1 = (key: string): string | undefined => {
    const v = data[key];
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "string") return v;
    warnings.push(`${path}: "${key}" should be text, not a list; ignored.`);
    return undefined;
  };
  const disable = data["disable-model-invocation"];
  if (disable !== undefined && frontmatterBoolean(disable) === undefined) {
    warnings.push(`${path}: "disable-model-invocation" should be true or false; ignored.`);
  }
  const namespace = parts.join(":");
  const argumentHint = text1("argument-hint");
  const model = text1("model");
  return {
    name,
    namespace,
    qualifiedName: namespace ? `${namespace}:${name}` : name,
    scope,
    path,
    description: text1("description") ?? firstLine(body),
    ...(argumentHint !== undefined ? { argumentHint } : {}),
    ...(model !== undefined ? { model } : {}),
    allowedTools: frontmatterList(data["allowed-tools"]),
    disableModelInvocation: frontmatterBoolean(disable) ?? false,
    argumentNames: frontmatterList(data.arguments),
    body,
  };
}

function firstLine(body: string): string {
  const line = body.split("\n").find((l) => l.trim() !== "") ?? "";
  const text = line.replace(/^#+\s*/, "").trim();
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
