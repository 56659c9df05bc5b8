import { isAbsolute, relative, resolve } from "node:path";
import { analyzeShellCommand, isProtectedPath, type ShellSubcommand } from "@keel/permissions";

/** One "yes, and don't ask again" answer: the allow rules it writes, and how the dialog says it. */
export interface RuleSuggestion {
  rules: string[];
  label: string;
}

export interface SuggestionContext {
  cwd: string;
  home: string;
  workspaceRoots: readonly string[];
}

/** Package-manager script runners: everything after `<pm> run <script>` only reaches that script. */
const SCRIPT_RUNNERS = new Set(["npm", "pnpm", "yarn", "bun"]);
/** `<tool> <verb>` pairs whose further arguments select what to build or test, not what to run. */
const SAFE_VERBS: Record<string, readonly string[]> = {
  cargo: ["test", "build", "check", "clippy"],
  go: ["test", "build", "vet"],
};
const STATIC_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Characters a rule pattern gives meaning to (`*` is a wildcard): a command holding one gets no rule. */
const PATTERN_CHARS = /[*]/;
const PATH_GLOB_CHARS = /[*?[\]\\]/;

/** The text an allow rule is matched against for one subcommand (the rule set's own view). */
function allowCandidate(sub: ShellSubcommand): string {
  return sub.envSafe || sub.envPrefix === "" ? sub.text : `${sub.envPrefix} ${sub.text}`;
}

/** `npm run test:unit --watch` → `npm run test:unit`: a prefix whose further words only pick arguments. */
function safePrefix(sub: ShellSubcommand): string | undefined {
  if (sub.envPrefix !== "" || sub.template !== undefined) return undefined;
  const argv = sub.argv;
  if (!argv.every((w) => STATIC_WORD.test(w)) || sub.text !== argv.join(" ")) return undefined;
  const [tool, verb, script] = argv;
  if (tool === undefined || verb === undefined) return undefined;
  if (SCRIPT_RUNNERS.has(tool)) {
    if (verb === "run" && script !== undefined && !script.startsWith("-")) return `${tool} run ${script}`;
    if (verb === "test") return `${tool} test`;
    return undefined;
  }
  if (SAFE_VERBS[tool]?.includes(verb)) return `${tool} ${verb}`;
  return undefined;
}

/** A path rule naming exactly one file: `./rel` inside the cwd, `//abs` elsewhere (never a bare name, which matches at any depth). */
export function exactPathSpecifier(path: string, cwd: string): string | undefined {
  const abs = isAbsolute(path) ? resolve(path) : resolve(cwd, path);
  if (PATH_GLOB_CHARS.test(abs) || abs.includes("(") || abs.includes(")")) return undefined;
  const rel = relative(cwd, abs);
  if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)) return `./${rel}`;
  return `/${abs}`;
}

async function bashSuggestions(command: string, ctx: SuggestionContext): Promise<RuleSuggestion[]> {
  const analysis = await analyzeShellCommand(command, {
    cwd: ctx.cwd,
    home: ctx.home,
    workspaceRoots: ctx.workspaceRoots,
  });
  const subs = analysis.subcommands;
  if (analysis.parseError !== undefined || analysis.opaqueCommand || subs.length === 0) return [];
  if (subs.some((s) => s.template !== undefined || s.text.includes("\n"))) return [];
  const rules: string[] = [];
  for (const sub of subs) {
    const candidate = allowCandidate(sub);
    if (PATTERN_CHARS.test(candidate) || candidate.trim() === "") return [];
    const rule = `Bash(${candidate})`;
    if (!rules.includes(rule)) rules.push(rule);
  }
  for (const target of analysis.redirectWrites) {
    const spec = exactPathSpecifier(target, ctx.cwd);
    if (spec === undefined || isProtectedPath(target, ctx.workspaceRoots)) return [];
    rules.push(`Edit(${spec})`);
  }
  if (subs.length > 1 || rules.length > 1) {
    // Never one rule covering a compound command: each part gets its own exact rule.
    return [{ rules, label: `Yes, and don't ask again for each of: ${rules.join(", ")}` }];
  }
  const out: RuleSuggestion[] = [{ rules, label: `Yes, and don't ask again for ${rules[0]}` }];
  const prefix = safePrefix(subs[0] as ShellSubcommand);
  if (prefix !== undefined) {
    const rule = `Bash(${prefix}:*)`;
    if (!rules.includes(rule)) out.push({ rules: [rule], label: `Yes, and don't ask again for ${rule}` });
  }
  return out;
}

function pathSuggestion(tool: "Edit" | "Read", path: unknown, ctx: SuggestionContext): RuleSuggestion[] {
  if (typeof path !== "string" || path === "") return [];
  const abs = isAbsolute(path) ? path : resolve(ctx.cwd, path);
  if (tool === "Edit" && isProtectedPath(abs, ctx.workspaceRoots)) return [];
  const spec = exactPathSpecifier(abs, ctx.cwd);
  if (spec === undefined) return [];
  const rule = `${tool}(${spec})`;
  return [{ rules: [rule], label: `Yes, and don't ask again for ${rule}` }];
}

/**
 * The "yes, and don't ask again" answers for a request, each scoped to what was approved: a
 * command exactly (a prefix only for script runners such as `npm run test:*`), each part of a
 * compound command separately, one file for edits. Empty when no rule could be that narrow
 * (commands only known at run time, wildcards, unparsable shell, protected paths).
 */
export async function suggestAllowRules(
  request: { toolName: string; input: Record<string, unknown> },
  ctx: SuggestionContext,
): Promise<RuleSuggestion[]> {
  const { toolName, input } = request;
  switch (toolName) {
    case "Bash":
      return typeof input.command === "string" && input.command.length <= 2000
        ? bashSuggestions(input.command, ctx).catch(() => [])
        : [];
    case "Edit":
    case "Write":
    case "MultiEdit":
      return pathSuggestion("Edit", input.file_path, ctx);
    case "NotebookEdit":
      return pathSuggestion("Edit", input.notebook_path, ctx);
    case "Read":
      return pathSuggestion("Read", input.file_path, ctx);
    case "WebFetch": {
      if (typeof input.url !== "string") return [];
      try {
        const host = new URL(input.url).hostname;
        if (host === "" || PATTERN_CHARS.test(host)) return [];
        const rule = `WebFetch(domain:${host})`;
        return [{ rules: [rule], label: `Yes, and don't ask again for ${rule}` }];
      } catch {
        return [];
      }
    }
    default:
      if (!/^[A-Za-z0-9_.-]+$/.test(toolName)) return [];
      return [{ rules: [toolName], label: `Yes, and don't ask again for ${toolName}` }];
  }
}
