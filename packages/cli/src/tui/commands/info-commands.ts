import { keyBindingsHelp } from "../input/key-bindings.js";
import { style } from "../render/theme.js";
import { formatCost, formatTokens } from "../status/session-stats.js";
import type { CommandHost, SlashCommandDef } from "./command-types.js";
import { contextReport } from "./context-report.js";

function help(host: CommandHost): string {
  const names = host.commands().map((c) => `/${c.name}${c.argumentHint ? ` ${c.argumentHint}` : ""}`);
  const width = Math.min(32, Math.max(...names.map((n) => n.length)));
  const commands = host
    .commands()
    .map((c, i) => `  ${style.cyan((names[i] as string).padEnd(width))}  ${style.gray(c.description)}`);
  return [
    style.bold("Commands"),
    ...commands,
    "",
    style.bold("Keys"),
    ...keyBindingsHelp().map((l) => `  ${l}`),
  ].join("\n");
}

export const infoCommands: SlashCommandDef[] = [
  {
    name: "help",
    description: "Commands and key bindings",
    whileBusy: true,
    run: (_args, host) => host.print(help(host)),
  },
  {
    name: "cost",
    description: "Cost and tokens of this session",
    whileBusy: true,
    run: (_args, host) => {
      const s = host.stats;
      host.print(
        [
          `${style.bold("Total cost:")}     ${formatCost(s.costUsd)}`,
          `${style.bold("API time:")}       ${(s.apiMs / 1000).toFixed(1)}s over ${s.turns} model requests`,
          `${style.bold("Tokens:")}         ${formatTokens(s.inputTokens)} input · ${formatTokens(s.outputTokens)} output · ${formatTokens(s.cacheReadTokens)} cache read · ${formatTokens(s.cacheWriteTokens)} cache write`,
        ].join("\n"),
      );
    },
  },
  {
    name: "context",
    description: "What fills the context window",
    whileBusy: true,
    run: async (_args, host) => host.print(await contextReport(host)),
  },
  {
    name: "status",
    description: "Session, model, permissions and environment",
    whileBusy: true,
    run: async (_args, host) => {
      const created = host.connection.created;
      const { KEEL_VERSION } = await import("../../version.js");
      const lines = [
        `${style.bold("Keel")}           ${KEEL_VERSION}`,
        `${style.bold("Session")}        ${created?.sessionId ?? "(starting)"}`,
        `${style.bold("Session file")}   ${created?.sessionPath ?? "(not persisted)"}`,
        `${style.bold("Directory")}      ${host.cwd}`,
        `${style.bold("Workspace")}      ${(created?.workspaceRoots ?? [host.cwd]).join(", ")}`,
        `${style.bold("Model")}          ${host.connection.model}`,
        `${style.bold("Permissions")}    ${host.connection.permissionMode}`,
        `${style.bold("Bash sandbox")}   ${created?.sandboxed ? "on" : "off"}`,
        `${style.bold("Credentials")}    ${created?.apiKeySource ?? "?"}`,
      ];
      for (const w of created?.warnings ?? []) lines.push(style.yellow(`⚠ ${w}`));
      host.print(lines.join("\n"));
    },
  },
  {
    name: "tasks",
    description: "Background tasks",
    whileBusy: true,
    run: (_args, host) => {
      const list = host.connection.capabilities.listTasks;
      if (!list)
        return host.notice("Background tasks arrive with the tasks work; not available in this build yet.");
      const tasks = list();
      if (tasks.length === 0) return host.notice("No background tasks.");
      host.print(tasks.map((t) => `${t.id}  ${t.status.padEnd(10)} ${t.description}`).join("\n"));
    },
  },
];
