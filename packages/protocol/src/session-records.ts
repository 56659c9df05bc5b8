import type { Message } from "./content.js";

/** Version written into every session header. */
export const SESSION_FORMAT_VERSION = 1;

export interface SessionHeaderRecord {
  type: "header";
  version: number;
  sessionId: string;
  cwd: string;
  model: string;
  /** ISO 8601 */
  created: string;
  parentSessionId: string | null;
}

export interface MessageRecord {
  type: "message";
  uuid: string;
  /** ISO 8601 */
  timestamp: string;
  message: Message;
  /** True for messages Keel wrote itself (continue prompts, interruption repairs). */
  synthetic?: boolean;
}

export interface CompactionRecord {
  type: "compaction";
  uuid: string;
  timestamp: string;
  /** Messages after the boundary that replace everything before it. */
  summary: string;
  preTokens: number;
  trigger: "manual" | "auto";
}

export interface TitleRecord {
  type: "title";
  title: string;
}

export interface TodoRecord {
  type: "todos";
  todos: Array<{ content: string; status: "pending" | "in_progress" | "completed"; activeForm: string }>;
}

export interface FileReadRecord {
  type: "file_read";
  path: string;
  mtimeMs: number;
  sha256: string;
  /** Only part of the file was read (offset/limit): not enough to edit it. */
  partial?: boolean;
}

export interface SubagentRecord {
  type: "subagent";
  toolUseId: string;
  sessionId: string;
  path: string;
}

export type SessionRecord =
  | SessionHeaderRecord
  | MessageRecord
  | CompactionRecord
  | TitleRecord
  | TodoRecord
  | FileReadRecord
  | SubagentRecord;
