import { basename, dirname, join } from "node:path";
import { JsonlSessionStore } from "@keel/core";

/**
 * Where a session's sub-agent sessions go: `<session dir>/<session id>/subagents/`, beside the
 * parent's file (ARCHITECTURE "Session store"), so `--continue` never picks a sub-agent's
 * session as the latest one of the project.
 */
export function subagentSessionStore(parentSessionPath: string): JsonlSessionStore {
  const id = basename(parentSessionPath, ".jsonl");
  return new JsonlSessionStore({ dir: join(dirname(parentSessionPath), id, "subagents") });
}
