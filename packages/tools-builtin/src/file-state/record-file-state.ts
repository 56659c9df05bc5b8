import { stat } from "node:fs/promises";
import type { FileStateTracker } from "@keel/tools";
import { hashContent } from "./hash-file.js";

/**
 * Records a file Keel just wrote, so the model can edit it again without re-reading: its new
 * mtime and the hash of the bytes written. `partial` carries over from the read it was based on.
 */
export async function recordWrittenFile(
  fileState: FileStateTracker,
  path: string,
  written: Buffer,
  partial: boolean,
): Promise<void> {
  const info = await stat(path);
  fileState.record({ path, mtimeMs: info.mtimeMs, sha256: hashContent(written), partial });
}
