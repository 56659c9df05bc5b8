import { extname } from "node:path";

/** Image types the model APIs accept, by extension. */
const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};

/** Bytes needed to recognise every format below. */
export const IMAGE_SNIFF_BYTES = 12;

/** The media type from the file's magic bytes, or undefined when it isn't a supported image. */
export function imageTypeFromBytes(head: Buffer): string | undefined {
  if (
    head.length >= 8 &&
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return "image/png";
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  const ascii = head.toString("latin1");
  if (ascii.startsWith("GIF87a") || ascii.startsWith("GIF89a")) return "image/gif";
  if (ascii.startsWith("RIFF") && ascii.slice(8, 12) === "WEBP") return "image/webp";
  return undefined;
}

/** The media type a file's extension promises, or undefined. */
export function imageTypeFromExtension(path: string): string | undefined {
  return IMAGE_EXTENSIONS[extname(path).toLowerCase()];
}
