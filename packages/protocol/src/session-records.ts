import type { Message } from "./content.js";
import type { CompactionTrigger, TodoItem } from "./events.js";

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

/**
 * A compaction boundary (decision 0002). On load, the history is: the summary message built from
 * this record, then the stored messages from `firstKeptUuid` on (they precede this record in the
 * file), then every message after this record. Nothing before the boundary is rewritten.
 */
export interface CompactionRecord {
  type: "compaction";
  uuid: string;
  timestamp: string;
  trigger: CompactionTrigger;
  strategy: "summary" | "truncation";
  /** Summary of everything before the kept messages (a previous summary merged in, not nested). */
  summary: string;
  /**
   * Every user prompt of the session up to the boundary, verbatim and oldest first, carried by
   * Keel itself (not the model's summary); very long prompts are cut with a marker.
   */
  userPrompts: string[];
  /** uuid of the first stored message kept verbatim after the boundary; null when none is kept. */
  firstKeptUuid: string | null;
  preTokens: number;
  postTokens: number;
}

export interface TitleRecord {
  type: "title";
  title: string;
}

export interface TodoRecord {
  type: "todos";
  todos: TodoItem[];
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
