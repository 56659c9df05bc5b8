import type { CustomCommand } from "../commands/command-types.js";
import type { SessionSummary } from "./agent-connection.js";

/** What the integrator may inject (the SDK's session listing and custom commands). */
export interface TuiDeps {
  listSessions?: () => Promise<SessionSummary[]>;
  customCommands?: () => Promise<readonly CustomCommand[]> | readonly CustomCommand[];
}
