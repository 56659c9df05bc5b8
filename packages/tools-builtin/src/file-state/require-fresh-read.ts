import { stat } from "node:fs/promises";
import type { FileStateTracker } from "@keel/tools";
import { hashFile } from "./hash-file.js";

export interface FreshReadOptions {
  /** Resolved (realpath) path of an existing file. */
  path: string;
  /** The path as the model wrote it, for messages. */
  displayPath: string;
  fileState: FileStateTracker;
  /** A read of part of the file (offset/limit or a cut budget) counts. Edits: yes; whole-file Write: no. */
  allowPartial: boolean;
  /** "edit" or "write", for messages. */
  action: string;
  signal?: AbortSignal;
}

/**
 * Read-before-edit: the file must have been read in this session and not changed on disk since.
 * Returns undefined when the edit may go ahead, else a message for the model. A changed mtime
 * alone is not a change: the content hash decides (a `touch` or a checkout of the same bytes).
 */
export async function requireFreshRead(options: FreshReadOptions): Promise<string | undefined> {
  const { path, displayPath, fileState, action } = options;
  const state = fileState.get(path);
  if (state === undefined) {
    return `File has not been read yet: ${displayPath}. Read it first with the Read tool, then ${action} it.`;
  }
  if (state.partial === true && !options.allowPartial) {
    return `Only part of ${displayPath} has been read. Read the whole file (Read without offset or limit) before you ${action} it, or use Edit for targeted changes.`;
  }
  const info = await stat(path);
  if (info.mtimeMs === state.mtimeMs) return undefined;
  if ((await hashFile(path, options.signal)) === state.sha256) return undefined;
  return `${displayPath} has been modified since it was read (by the user or another program). Read it again with the Read tool, then ${action} it.`;
}
