import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { cwdSlug } from "@keel/core";

export type Env = Record<string, string | undefined>;

/** `$KEEL_HOME`, default `~/.keel`: config and sessions root. */
export function keelHome(env: Env): string {
  const home = env.KEEL_HOME;
  return home && home.length > 0 ? resolve(home) : join(homedir(), ".keel");
}

/** `$KEEL_HOME/projects/<cwd slug>`: where this project's sessions live. */
export function projectSessionDir(env: Env, cwd: string): string {
  return join(keelHome(env), "projects", cwdSlug(cwd));
}
