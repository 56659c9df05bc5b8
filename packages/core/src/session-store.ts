import type { Message, SessionHeaderRecord, SessionRecord } from "@keel/protocol";

/** An open session that records can be appended to. */
export interface SessionLog {
  readonly sessionId: string;
  /** Where the session lives (a file path for the JSONL store); for messages only. */
  readonly location: string;
  /**
   * Persist one record. Contract: when this resolves the record is written (one write per
   * record, no buffering across records), so the event announcing it may be emitted.
   */
  append(record: SessionRecord): Promise<void>;
  /** Make appended records durable (fsync). Called at the end of each run. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** A session read back from a store. */
export interface LoadedSession {
  header: SessionHeaderRecord;
  /** Messages from the last compaction boundary on, in order. */
  messages: Message[];
  /** Non-message records, in order (title, todos, file_read …). */
  state: SessionRecord[];
  /** Human-readable problems met while loading (corrupt lines skipped). */
  warnings: string[];
}

/**
 * Where sessions live. The JSONL store is the default; the interface is small enough for a
 * Postgres or Redis implementation.
 */
export interface SessionStore {
  /** Create a session and write its header. */
  create(header: SessionHeaderRecord): Promise<SessionLog>;
  /** Load a session and open it for appending. Throws `CoreError` (`session_not_found`). */
  open(sessionId: string): Promise<{ log: SessionLog; loaded: LoadedSession }>;
  /** The most recently modified session, if any. */
  latest(): Promise<string | undefined>;
}
