import type {
  CompactionRecord,
  Message,
  MessageRecord,
  SessionHeaderRecord,
  SessionRecord,
} from "@keel/protocol";

/** An open session that records can be appended to. */
export interface SessionLog {
  readonly sessionId: string;
  /** Where the session lives (a file path for the JSONL store); for messages only. */
  readonly location: string;
  /**
   * Persist one record. Contract: when this resolves the record is written (one write per
   * record, no buffering across records), so the event announcing it may be emitted. A store
   * may write a `title` record of its own next to a session's first user prompt.
   */
  append(record: SessionRecord): Promise<void>;
  /** Make appended records durable (fsync). Called at the end of each run. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A session read back from a store: the header, the last compaction boundary, and the messages
 * after it. What lies before the boundary is not read (see `SessionStore.readEarlier`).
 */
export interface LoadedSession {
  header: SessionHeaderRecord;
  /**
   * The last compaction boundary, if any. The history to send is the summary message built from
   * it (by `@keel/compact`; the store does not build it), then `messages`.
   */
  compaction?: CompactionRecord;
  /**
   * Stored messages from the boundary's `firstKeptUuid` on (kept verbatim), then every message
   * after the boundary; the whole conversation when there is no boundary. No summary message.
   */
  messages: Message[];
  /** The stored uuid of each of `messages`, same order (`AgentOptions.messageUuids`). */
  messageUuids: string[];
  /**
   * Non-message records (title, todos, file_read, subagent) from the loaded range only, in
   * order. Records before the kept messages are not read: a file read before the boundary must
   * be read again before it is edited (its content left the context with the compaction).
   */
  state: SessionRecord[];
  /** The last title record found, else a title made from the first prompt; absent for an empty session. */
  title?: string;
  /**
   * Set when the session holds history before `messages` (they were compacted away): pass it as
   * `beforeUuid` to `SessionStore.readEarlier` to page back for display.
   */
  earlierBefore?: string;
  /** Human-readable problems met while loading (corrupt lines skipped). */
  warnings: string[];
}

/** One session of a project, as a resume picker shows it. */
export interface SessionSummary {
  sessionId: string;
  /** Where the session lives (a file path for the JSONL store). */
  path: string;
  /** The last title record, else a title made from the first prompt; "" when there is no prompt yet. */
  title: string;
  /** The first user prompt's text (cut to a few hundred characters); "" when there is none. */
  firstPrompt: string;
  /** ISO 8601, from the header. */
  created: string;
  /** ISO 8601, last write. */
  modified: string;
  sizeBytes: number;
  parentSessionId: string | null;
  /** Only when the store can count cheaply; the JSONL store does not (it never reads whole files). */
  messageCount?: number;
}

/** A page of history before the loaded range, oldest first. */
export interface EarlierHistory {
  /** Message and compaction records in file order; the last one directly precedes `beforeUuid`. */
  records: Array<MessageRecord | CompactionRecord>;
  /** True when nothing older is left. Else page on with `beforeUuid: records[0].uuid`. */
  reachedStart: boolean;
  warnings: string[];
}

export interface ForkOptions {
  /** The new session's id. Default: a random UUID. */
  sessionId?: string;
  /** The new session's model. Default: the source's. */
  model?: string;
}

/**
 * Where sessions live. The JSONL store is the default; the interface is small enough for a
 * Postgres or Redis implementation.
 */
export interface SessionStore {
  /** Create a session and write its header. */
  create(header: SessionHeaderRecord): Promise<SessionLog>;
  /**
   * Load a session from its last compaction boundary and open it for appending. Contract: reads
   * the header, the boundary and what follows it, not the whole session. Throws `CoreError`
   * (`session_not_found`, `session_corrupt`, `session_version`).
   */
  open(sessionId: string): Promise<{ log: SessionLog; loaded: LoadedSession }>;
  /**
   * Older history for scroll-back: up to `maxMessages` message records (plus any compaction
   * records among them) stored before the record with uuid `beforeUuid`.
   */
  readEarlier(sessionId: string, beforeUuid: string, maxMessages: number): Promise<EarlierHistory>;
  /**
   * Every session of this store, newest first. Contract: reads a bounded amount per session
   * (head and tail, or an index), never whole sessions.
   */
  list(): Promise<SessionSummary[]>;
  /**
   * A new session whose header names `sessionId` as its parent and which starts with that
   * session's loaded history (from its last boundary), opened for appending.
   */
  fork(sessionId: string, options?: ForkOptions): Promise<{ log: SessionLog; loaded: LoadedSession }>;
  /** The most recently modified session, if any. Cheap: no session is read. */
  latest(): Promise<string | undefined>;
}
