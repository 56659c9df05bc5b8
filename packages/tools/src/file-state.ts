/** What a session knows about a file it read: enough to refuse editing a stale copy. */
export interface FileReadState {
  /** Absolute, resolved path. */
  path: string;
  mtimeMs: number;
  /** sha256 of the content as read (hex). */
  sha256: string;
  /** True when only part of the file was read (offset/limit): enough for Edit (exact unique match), not for a whole-file Write. */
  partial?: boolean;
}

/**
 * Files read in this session, with their mtime and hash. Edit and Write consult it; the agent
 * persists every `record` as a `file_read` session record so it survives a resume.
 */
export interface FileStateTracker {
  get(path: string): FileReadState | undefined;
  /** Record a read, or a write (so a file Keel just wrote can be edited again). Must not throw. */
  record(state: FileReadState): void;
}

export function createFileStateTracker(
  initial: readonly FileReadState[] = [],
  onRecord?: (state: FileReadState) => void,
): FileStateTracker {
  const states = new Map<string, FileReadState>();
  for (const s of initial) states.set(s.path, s);
  return {
    get: (path) => states.get(path),
    record: (state) => {
      states.set(state.path, state);
      onRecord?.(state);
    },
  };
}
