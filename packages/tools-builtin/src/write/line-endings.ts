import { createReadStream } from "node:fs";

/**
 * True when the file's line endings are CRLF, judged by its first line break (as Edit judges
 * them). Reads only up to that first `\n`, so a large file costs one chunk.
 */
export async function fileUsesCrlf(path: string): Promise<boolean> {
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  let previous: number | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const nl = chunk.indexOf(0x0a);
      if (nl === -1) {
        previous = chunk[chunk.length - 1];
        continue;
      }
      return (nl > 0 ? chunk[nl - 1] : previous) === 0x0d;
    }
    return false;
  } finally {
    stream.destroy();
  }
}

/**
 * New content for a file that uses CRLF: its LF line breaks become CRLF, unless the content
 * already has CRLF (the model wrote the endings it meant).
 */
export function withCrlf(content: string): string {
  return content.includes("\r\n") ? content : content.replace(/\n/g, "\r\n");
}
