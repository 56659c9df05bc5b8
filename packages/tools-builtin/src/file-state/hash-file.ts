import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** sha256 (hex) of a file's whole content, streamed: memory stays bounded for any file size. */
export async function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new Error("Interrupted while reading the file.");
      hash.update(chunk);
    }
  } finally {
    stream.destroy();
  }
  return hash.digest("hex");
}

/** sha256 (hex) of content held in memory. */
export function hashContent(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}
