export type ContentKind = "html" | "text" | "binary" | "unknown";

const TEXT_APPLICATION_TYPES = new Set([
  "application/json",
  "application/xml",
  "application/javascript",
  "application/x-javascript",
  "application/ecmascript",
  "application/x-sh",
  "application/x-yaml",
  "application/yaml",
  "application/toml",
  "application/sql",
  "application/graphql",
]);

/** The media type without parameters, lower-cased: `text/html; charset=utf-8` → `text/html`. */
export function mediaType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

/** How a response's Content-Type is treated: converted (html), passed through (text) or refused. */
export function contentKind(contentType: string): ContentKind {
  const type = mediaType(contentType);
  if (type === "") return "unknown";
  if (type === "text/html" || type === "application/xhtml+xml") return "html";
  if (type.startsWith("text/") || TEXT_APPLICATION_TYPES.has(type)) return "text";
  if (type.endsWith("+json") || type.endsWith("+xml")) return "text";
  return "binary";
}

/** For a response without a Content-Type: text unless it has NUL bytes; HTML if it looks like it. */
export function sniffContentKind(body: Buffer): ContentKind {
  const head = body.subarray(0, 8192);
  if (head.includes(0)) return "binary";
  return /^\s*(<!doctype html|<html)/i.test(head.toString("utf8")) ? "html" : "text";
}

/** The charset parameter when TextDecoder knows it, else utf-8. */
export function decodeBody(body: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}
