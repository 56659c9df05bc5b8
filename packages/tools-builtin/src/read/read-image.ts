import { readFile } from "node:fs/promises";
import type { ToolOutput } from "@keel/tools";

export interface ImageRead {
  output: ToolOutput;
  /** The bytes sent, for the file-state hash; undefined when refused. */
  bytes?: Buffer;
}

/**
 * Returns an image file as an image block. The cap applies to the base64 data the API receives
 * (the Anthropic API refuses images over 5 MB of it).
 */
export async function readImage(
  path: string,
  mediaType: string,
  size: number,
  maxBase64Bytes: number,
): Promise<ImageRead> {
  const base64Size = Math.ceil(size / 3) * 4;
  if (base64Size > maxBase64Bytes) {
    const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
    return {
      output: {
        content: `Image ${path} is too large to send: ${mb(base64Size)} MB encoded, the limit is ${mb(maxBase64Bytes)} MB. Resize or compress it first (e.g. with Bash: convert in.png -resize 50% out.png).`,
        isError: true,
      },
    };
  }
  const bytes = await readFile(path);
  return { output: { content: [{ type: "image", mediaType, data: bytes.toString("base64") }] }, bytes };
}
