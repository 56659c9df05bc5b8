import { pathForms } from "../paths/path-scope.js";
import type { RuleBehavior, RuleMatcher } from "../rule-matcher.js";
import type { CallAccess, PermissionRequest, ShellSubcommand } from "../types.js";
import { bashPatternCouldMatch, compileBashPattern } from "./bash-pattern.js";
import { compileDomainPattern } from "./domain-pattern.js";
import type { PermissionRule } from "./parse-rule.js";
import { compilePathPattern, type PathPattern } from "./path-pattern.js";
import { canonicalToolName, toolNameMatches } from "./tool-names.js";

export interface RuleSetOptions {
  /** The session's start directory (`./path` and bare patterns). */
  cwd: string;
  /** `~/path` patterns. */
  home: string;
}

/** A compiled set of rules from every settings source; implements the policy's `RuleMatcher`. */
export interface RuleSet extends RuleMatcher {
  readonly rules: readonly PermissionRule[];
  /** A bare-name deny rule that removes this tool from the model's list (e.g. `Bash`, `mcp__github`). */
  removesTool(toolName: string): PermissionRule | undefined;
  /** A Read deny rule that may match something below `dir` (recursive reads such as `grep -r`). */
  readDeniedUnder(dir: string): PermissionRule | undefined;
  mayMatch(request: PermissionRequest): { text: string; behavior: RuleBehavior; reason: string } | undefined;
}

interface Compiled {
  rule: PermissionRule;
  kind: "tool" | "bash" | "read" | "edit" | "domain" | "param" | "never";
  bash?: (command: string) => boolean;
  path?: PathPattern;
  domain?: (url: string) => boolean;
  param?: { name: string; test: (value: string) => boolean };
}

function globTest(glob: string): (value: string) => boolean {
  const re = new RegExp(
    `^${glob
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "s",
  );
  return (value) => re.test(value);
}

function compile(rule: PermissionRule, options: RuleSetOptions): Compiled {
  if (rule.specifier === undefined) return { rule, kind: "tool" };
  if (rule.warning !== undefined) return { rule, kind: "never" };
  const tool = canonicalToolName(rule.tool);
  const anchors = { sourceRoot: rule.source.root, cwd: options.cwd, home: options.home };
  switch (tool) {
    case "bash":
      return { rule, kind: "bash", bash: compileBashPattern(rule.specifier) };
    case "read":
      return { rule, kind: "read", path: compilePathPattern(rule.specifier, anchors) };
    case "edit":
      return { rule, kind: "edit", path: compilePathPattern(rule.specifier, anchors) };
    case "webfetch":
      return { rule, kind: "domain", domain: compileDomainPattern(rule.specifier.slice("domain:".length)) };
    case "agent":
      return { rule, kind: "param", param: { name: "subagent_type", test: globTest(rule.specifier) } };
    default: {
      const m = /^([A-Za-z_][A-Za-z0-9_]*):(.*)$/s.exec(rule.specifier);
      if (m === null) return { rule, kind: "never" };
      return { rule, kind: "param", param: { name: m[1] as string, test: globTest(m[2] as string) } };
    }
  }
}

/** Deny/ask forms of a shell subcommand: every spelling a rule might be written against. */
function denyCandidates(sub: ShellSubcommand): string[] {
  const out = [sub.text, sub.wrappedText, sub.argv.join(" ")];
  if (sub.envPrefix !== "") out.push(`${sub.envPrefix} ${sub.text}`);
  return out;
}

/** The allow form: past leading env assignments only when they are all known-safe. */
function allowCandidate(sub: ShellSubcommand): string {
  return sub.envSafe || sub.envPrefix === "" ? sub.text : `${sub.envPrefix} ${sub.text}`;
}

function emptyAccess(): CallAccess {
  return { reads: [], writes: [], recursiveReads: [] };
}

/** Whether a deny/ask rule hits the call (any path form, any subcommand). */
function hits(c: Compiled, request: PermissionRequest, access: CallAccess): boolean {
  const tool = canonicalToolName(request.toolName);
  switch (c.kind) {
    case "tool":
      return toolNameMatches(c.rule.tool, request.toolName);
    case "bash": {
      if (tool !== "bash") return false;
      const subs = access.shell?.subcommands ?? [];
      const raw = typeof request.input.command === "string" ? request.input.command : "";
      return subs.some((s) => denyCandidates(s).some((t) => c.bash?.(t))) || c.bash?.(raw) === true;
    }
    case "read": {
      // A Read deny also covers writes: editing a file you may not read leaks or replaces it.
      const paths = [...access.reads, ...access.writes];
      return paths.some((p) => pathForms(p).some((f) => c.path?.matches(f)));
    }
    case "edit":
      return access.writes.some((p) => pathForms(p).some((f) => c.path?.matches(f)));
    case "domain":
      return (
        tool === "webfetch" && typeof request.input.url === "string" && c.domain?.(request.input.url) === true
      );
    case "param": {
      if (!toolNameMatches(c.rule.tool, request.toolName) || c.param === undefined) return false;
      const value = request.input[c.param.name];
      return (
        (typeof value === "string" || typeof value === "number" || typeof value === "boolean") &&
        c.param.test(String(value))
      );
    }
    case "never":
      return false;
  }
}

/** Whether one allow rule covers the whole call (non-shell tools). */
function allows(c: Compiled, request: PermissionRequest, access: CallAccess): boolean {
  const tool = canonicalToolName(request.toolName);
  const all = (paths: string[]) =>
    paths.length > 0 && paths.every((p) => pathForms(p).every((f) => c.path?.matches(f)));
  switch (c.kind) {
    case "read":
      return ["read", "grep", "glob"].includes(tool) && access.writes.length === 0 && all(access.reads);
    case "edit":
      return ["edit", "write", "multiedit", "notebookedit"].includes(tool) && all(access.writes);
    case "bash":
      return false; // handled per subcommand
    default:
      return hits(c, request, access);
  }
}

/** Builds the rule set; rules keep their source (for messages and `/path` anchors). */
export function createRuleSet(rules: readonly PermissionRule[], options: RuleSetOptions): RuleSet {
  const compiled = rules.map((r) => compile(r, options));
  const of = (b: RuleBehavior) => compiled.filter((c) => c.rule.behavior === b);
  const byBehavior = { deny: of("deny"), ask: of("ask"), allow: of("allow") };

  const findAllowForShell = (access: CallAccess): string | undefined => {
    const shell = access.shell;
    const bare = byBehavior.allow.find((c) => c.kind === "tool" && toolNameMatches(c.rule.tool, "Bash"));
    if (bare !== undefined) return bare.rule.text;
    if (shell === undefined || shell.parseError !== undefined || shell.subcommands.length === 0)
      return undefined;
    const used: string[] = [];
    for (const sub of shell.subcommands) {
      const rule = byBehavior.allow.find((c) => c.kind === "bash" && c.bash?.(allowCandidate(sub)));
      if (rule === undefined) return undefined;
      if (!used.includes(rule.rule.text)) used.push(rule.rule.text);
    }
    // Output redirections are file writes: they need an Edit allow of their own.
    for (const target of shell.redirectWrites) {
      const rule = byBehavior.allow.find(
        (c) => c.kind === "edit" && pathForms(target).every((f) => c.path?.matches(f)),
      );
      if (rule === undefined) return undefined;
      if (!used.includes(rule.rule.text)) used.push(rule.rule.text);
    }
    return used.join(", ");
  };

  return {
    rules,
    find(behavior, request) {
      const access = request.access ?? emptyAccess();
      if (behavior !== "allow") return byBehavior[behavior].find((c) => hits(c, request, access))?.rule.text;
      if (canonicalToolName(request.toolName) === "bash") return findAllowForShell(access);
      return byBehavior.allow.find((c) => allows(c, request, access))?.rule.text;
    },
    removesTool(toolName) {
      return byBehavior.deny.find((c) => c.kind === "tool" && toolNameMatches(c.rule.tool, toolName))?.rule;
    },
    mayMatch(request) {
      if (canonicalToolName(request.toolName) !== "bash") return undefined;
      const shell = request.access?.shell;
      // git prints contents from `.git`, which no sandbox hides: a Read deny in the repo holds.
      for (const root of shell?.repositoryReads ?? []) {
        const rule = byBehavior.deny.find((c) => c.kind === "read" && c.path?.mayMatchUnder(root));
        if (rule !== undefined) {
          return {
            text: rule.rule.text,
            behavior: "deny",
            reason: `git prints file contents from the history of ${root}, which holds paths denied by ${rule.rule.text}; name the paths to show (\`git log -p -- src\`).`,
          };
        }
      }
      const templates = (shell?.subcommands ?? []).flatMap((s) =>
        s.template === undefined ? [] : [s.template],
      );
      if (templates.length === 0) return undefined;
      const rule = [...byBehavior.deny, ...byBehavior.ask].find(
        (c) =>
          c.kind === "bash" &&
          c.rule.specifier !== undefined &&
          templates.some((t) => bashPatternCouldMatch(c.rule.specifier as string, t)),
      );
      if (rule === undefined) return undefined;
      return {
        text: rule.rule.text,
        behavior: rule.rule.behavior,
        reason:
          `the command runs something only known when it runs, which the ${rule.rule.behavior} rule ` +
          `${rule.rule.text} could match; name the command (no variables or substitutions in its place).`,
      };
    },
    readDeniedUnder(dir) {
      return byBehavior.deny.find((c) => c.kind === "read" && c.path?.mayMatchUnder(dir))?.rule;
    },
  };
}
