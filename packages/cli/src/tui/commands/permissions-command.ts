import { homedir } from "node:os";
import type { PermissionRule } from "@keel/permissions";
import { style } from "../render/theme.js";
import type { CommandHost, SlashCommandDef } from "./command-types.js";

const BEHAVIORS = ["allow", "ask", "deny"] as const;
type Behavior = (typeof BEHAVIORS)[number];

async function loadRules(host: CommandHost): Promise<{ rules: PermissionRule[]; warnings: string[] }> {
  const { loadSettings, keelHome } = await import("@keel/sdk");
  const o = host.options;
  const loaded = loadSettings({
    cwd: host.cwd,
    keelHome: keelHome(host.env),
    home: host.env.HOME ?? homedir(),
    ...(o.settings !== undefined ? { cliSettings: o.settings } : {}),
    allowedTools: o.allowedTools,
    disallowedTools: o.disallowedTools,
    addDirs: o.addDirs,
  });
  return { rules: loaded.rules, warnings: loaded.warnings };
}

function describe(rule: PermissionRule): string {
  const where = rule.source.origin ?? rule.source.kind;
  return `  ${rule.text.padEnd(36)} ${style.gray(`${rule.source.kind} · ${where}`)}`;
}

async function list(host: CommandHost): Promise<void> {
  const { rules, warnings } = await loadRules(host);
  const lines = [style.bold(`Permission mode: ${host.connection.permissionMode}`)];
  for (const behavior of BEHAVIORS) {
    const of = rules.filter((r) => r.behavior === behavior);
    lines.push("", style.bold(`${behavior} (${of.length})`));
    lines.push(...(of.length > 0 ? of.map(describe) : [style.gray("  none")]));
  }
  for (const w of warnings) lines.push(style.yellow(`⚠ ${w}`));
  lines.push(
    "",
    style.gray(
      "  /permissions allow|ask|deny <rule> adds to .keel/settings.local.json · /permissions remove <rule>",
    ),
  );
  host.print(lines.join("\n"));
}

async function add(host: CommandHost, behavior: Behavior, rule: string): Promise<void> {
  const { addPermissionRule, settingsFilePath, keelHome } = await import("@keel/sdk");
  const path = settingsFilePath("local", { cwd: host.cwd, keelHome: keelHome(host.env) });
  const { added } = addPermissionRule({ path, behavior, rule });
  const live = await host.reloadPermissions();
  host.notice(
    `${added ? "Added" : "Already present:"} ${behavior} ${rule} in ${path}${live ? "" : " (applies from the next session)"}`,
    style.green,
  );
}

async function remove(host: CommandHost, rule: string): Promise<void> {
  const { removePermissionRule, settingsFilePath, keelHome } = await import("@keel/sdk");
  const where = { cwd: host.cwd, keelHome: keelHome(host.env) };
  const removedFrom: string[] = [];
  for (const scope of ["local", "project", "user"] as const) {
    const path = settingsFilePath(scope, where);
    for (const behavior of BEHAVIORS)
      if (removePermissionRule({ path, behavior, rule }).removed) removedFrom.push(`${behavior} in ${path}`);
  }
  if (removedFrom.length === 0)
    return host.notice(`No settings file holds the rule ${rule} (rules from flags stay until restart).`);
  const live = await host.reloadPermissions();
  host.notice(
    `Removed ${rule}: ${removedFrom.join("; ")}${live ? "" : " (applies from the next session)"}`,
    style.green,
  );
}

export const permissionsCommand: SlashCommandDef = {
  name: "permissions",
  description: "List permission rules and their sources; add or remove rules",
  argumentHint: "[allow|ask|deny|remove <rule>]",
  whileBusy: true,
  run: async (args, host) => {
    const m = /^\s*(allow|ask|deny|remove)\s+(.+?)\s*$/s.exec(args);
    try {
      if (args.trim() === "") await list(host);
      else if (m === null)
        host.notice(
          "Usage: /permissions [allow|ask|deny|remove <rule>], e.g. /permissions allow Bash(npm test)",
        );
      else if (m[1] === "remove") await remove(host, m[2] as string);
      else await add(host, m[1] as Behavior, m[2] as string);
    } catch (error) {
      host.notice(error instanceof Error ? error.message : String(error), style.red);
    }
  },
};
