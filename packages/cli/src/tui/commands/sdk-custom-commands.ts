import { homedir } from "node:os";
import type { Env } from "@keel/sdk";
import type { CustomCommand } from "./command-types.js";

/**
 * The SDK's custom commands (`.keel/commands`, `.claude/commands`, `$KEEL_HOME/commands`,
 * `~/.claude/commands`) as TUI commands; a name used twice keeps the highest-precedence file.
 * Loaded after the first frame; problems with single files go to `warn`.
 */
export async function loadSdkCustomCommands(
  cwd: string,
  env: Env,
  warn: (message: string) => void,
): Promise<CustomCommand[]> {
  const sdk = await import("@keel/sdk");
  const { commands, warnings } = sdk.loadCustomCommands({
    cwd,
    keelHome: sdk.keelHome(env),
    home: env.HOME ?? homedir(),
  });
  for (const w of warnings) warn(w);
  const seen = new Set<string>();
  const out: CustomCommand[] = [];
  for (const c of commands) {
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    const where = c.namespace ? ` (${c.scope}:${c.namespace})` : ` (${c.scope})`;
    out.push({
      name: c.name,
      description: `${c.description}${where}`,
      ...(c.argumentHint ? { argumentHint: c.argumentHint } : {}),
      expand: (args) => sdk.expandCommand(c, args),
    });
  }
  return out;
}
