import { globSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { PermissionRule } from "@keel/permissions";
import {
  absentProtectedPathsIn,
  type BashSandbox,
  probeBubblewrap,
  protectedPathsIn,
} from "@keel/tools-builtin";
import { realpathOr } from "./real-path.js";

/** How many paths one deny pattern may cover in the sandbox (globbing is bounded). */
const MAX_HIDDEN_PER_RULE = 1000;

/**
 * Concrete existing paths covered by `tool` deny rules (`Read`: hidden from sandboxed
 * commands; `Edit`: read-only for them). Patterns follow the rule anchors (`//abs`, `~/home`,
 * `/settings-root`, `./cwd`, bare = any depth below the workspace roots); `dir/**` is the
 * directory itself.
 */
export function deniedPathsFor(
  tool: "read" | "edit",
  rules: readonly PermissionRule[],
  roots: readonly string[],
  home: string,
): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    if (rule.behavior !== "deny" || rule.tool.toLowerCase() !== tool || !rule.specifier) continue;
    const spec = rule.specifier.endsWith("/**") ? rule.specifier.slice(0, -3) : rule.specifier;
    let bases: string[];
    let pattern: string;
    if (spec.startsWith("//")) [bases, pattern] = [["/"], spec.slice(2)];
    else if (spec.startsWith("~/")) [bases, pattern] = [[home], spec.slice(2)];
    else if (spec.startsWith("/")) [bases, pattern] = [[rule.source.root], spec.slice(1)];
    else if (spec.startsWith("./")) [bases, pattern] = [[rule.source.root], spec.slice(2)];
    else [bases, pattern] = [[...roots], spec.includes("/") ? spec : `**/${spec}`];
    for (const base of bases) {
      let n = 0;
      for (const match of globSync(pattern, {
        cwd: base,
        exclude: (p) => p === "node_modules" || p === ".git",
      })) {
        out.add(realpathOr(isAbsolute(match) ? match : resolve(join(base, match))));
        if (++n >= MAX_HIDDEN_PER_RULE) break;
      }
    }
  }
  return [...out];
}

/**
 * The Bash sandbox for a session, or why there is none. On by default where bubblewrap can
 * create namespaces; `enabled: false` (setting or `--no-sandbox`) turns it off.
 */
export function bashSandboxFor(options: {
  enabled: boolean | undefined;
  allowNetwork: boolean | undefined;
  workspaceRoots: readonly string[];
  rules: readonly PermissionRule[];
  home: string;
}): { sandbox?: BashSandbox; notice?: string } {
  if (options.enabled === false) return {};
  const probe = probeBubblewrap();
  if (!probe.available) {
    return {
      notice: `Bash sandbox unavailable (${probe.reason}); Bash commands are checked by their analysis and may ask.`,
    };
  }
  const roots = options.workspaceRoots.map(realpathOr);
  return {
    sandbox: {
      sandbox: probe.sandbox,
      policy: () => ({
        // The temp dir is private to each command (a tmpfs), so it is not a writable root.
        writableRoots: roots,
        readOnlyPaths: [
          ...protectedPathsIn(roots),
          ...deniedPathsFor("edit", options.rules, roots, options.home),
        ],
        absentProtectedPaths: absentProtectedPathsIn(roots),
        hiddenPaths: deniedPathsFor("read", options.rules, roots, options.home),
        allowNetwork: options.allowNetwork === true,
      }),
    },
  };
}
