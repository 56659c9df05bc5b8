import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  analyzeShellCommand,
  createModePolicy,
  createRuleSet,
  type PermissionDecision,
  type PermissionLevel,
  type PermissionMode,
  parsePermissionRule,
  type RuleSource,
  shellAccess,
} from "../src/index.js";

export interface RuleLists {
  allow?: string[];
  ask?: string[];
  deny?: string[];
}

/** A fresh workspace (realpath'd) and a home beside it. */
export function tempWorkspace(): { ws: string; home: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "keel-rules-")));
  return { ws: root, home: join(root, "..") };
}

/** Decides one call with the given rules (CLI source anchored at `ws`). */
export async function decideWith(
  lists: RuleLists,
  call: { toolName: string; input: Record<string, unknown>; level?: PermissionLevel },
  opts: { ws: string; home?: string; mode?: PermissionMode; source?: RuleSource },
): Promise<PermissionDecision> {
  const source = opts.source ?? { kind: "cli", root: opts.ws };
  const rules = (["allow", "ask", "deny"] as const).flatMap((b) =>
    (lists[b] ?? []).map((text) => parsePermissionRule(text, b, source)),
  );
  const home = opts.home ?? "/home/nobody";
  const policy = createModePolicy({
    mode: opts.mode ?? "default",
    workspace: opts.ws,
    home,
    rules: createRuleSet(rules, { cwd: opts.ws, home }),
  });
  if (call.toolName === "Bash" && call.level === undefined) {
    // As the Bash tool does: the level and access come from the shell analysis.
    const analysis = await analyzeShellCommand(String(call.input.command), {
      workspaceRoots: [opts.ws],
      cwd: opts.ws,
      home,
    });
    return policy.decide({ ...call, level: analysis.level, access: shellAccess(analysis) });
  }
  return policy.decide({ toolName: call.toolName, input: call.input, level: call.level ?? "full" });
}

export const bash = (command: string) => ({ toolName: "Bash", input: { command } });
