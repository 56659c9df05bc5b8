import type { SlashCommand } from "@earendil-works/pi-tui";
import type { CustomCommand, SlashCommandDef } from "./command-types.js";
import { infoCommands } from "./info-commands.js";
import { permissionsCommand } from "./permissions-command.js";
import { sessionCommands } from "./session-commands.js";

/** Built-in commands first (they win a name clash), then custom ones as prompt templates. */
export function buildCommands(custom: readonly CustomCommand[]): SlashCommandDef[] {
  const builtins: SlashCommandDef[] = [...infoCommands, ...sessionCommands, permissionsCommand];
  const taken = new Set(builtins.map((c) => c.name));
  taken.add("quit");
  const extra: SlashCommandDef[] = custom
    .filter((c) => !taken.has(c.name))
    .map((c) => ({
      name: c.name,
      description: c.description || "custom command",
      argumentHint: c.argumentHint ?? "[arguments]",
      run: (args, host) => host.submit(c.expand(args), `/${c.name}${args ? ` ${args}` : ""}`),
    }));
  return [...builtins, ...extra];
}

/** `/name rest` → the command and its arguments; undefined when the text is not a command. */
export function parseCommandLine(
  text: string,
  commands: readonly SlashCommandDef[],
): { command: SlashCommandDef | undefined; name: string; args: string } | undefined {
  const m = /^\/([A-Za-z0-9_:.-]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (m === null) return undefined;
  const name = (m[1] as string) === "quit" ? "exit" : (m[1] as string);
  return { command: commands.find((c) => c.name === name), name, args: m[2] ?? "" };
}

/** The commands for the editor's autocomplete. */
export function completionCommands(commands: readonly SlashCommandDef[]): SlashCommand[] {
  return commands.map((c) => ({
    name: c.name,
    description: c.description,
    ...(c.argumentHint ? { argumentHint: c.argumentHint } : {}),
  }));
}
