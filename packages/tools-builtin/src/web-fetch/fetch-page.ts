import { contentKind, mediaType } from "./content-kind.js";

export type FetchFunction = typeof globalThis.fetch;

export interface FetchPageOptions {
  fetch: FetchFunction;
  signal: AbortSignal;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export type FetchedPage =
  | { kind: "page"; url: string; status: number; contentType: string; body: Buffer; truncated: boolean }
  | { kind: "redirect"; from: string; to: string; status: number }
  | { kind: "error"; message: string };

/** Hosts that stay on plain http (local servers have no certificate). */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Parses the model's URL: http(s) only, and http is upgraded to https except for local hosts. */
export function normalizeUrl(raw: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `Invalid URL: ${raw}. Give a full URL such as https://example.com/page.`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `WebFetch only fetches http and https URLs, not ${url.protocol.replace(/:$/, "")}.`;
  }
  if (url.username !== "" || url.password !== "") return "WebFetch does not fetch URLs with credentials.";
  if (url.protocol === "http:" && !LOCAL_HOSTS.has(url.hostname)) url.protocol = "https:";
  return url;
}

/**
 * A redirect is followed only to exactly the same host and port (`www.example.com` is another
 * host than `example.com`: a `WebFetch(domain:…)` rule may cover one and not the other), and
 * the scheme may only stay or upgrade from http to https. Anything else goes back to the model,
 * whose next call meets the permission check with the new URL.
 */
function followable(from: URL, to: URL): boolean {
  if (to.host !== from.host || to.username !== "" || to.password !== "") return false;
  return to.protocol === from.protocol || (from.protocol === "http:" && to.protocol === "https:");
}

async function readCapped(
  response: Response,
  maxBytes: number,
): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const reader = response.body?.getReader();
  if (reader === undefined) return { body: Buffer.alloc(0), truncated };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - size;
    if (value.length > room) {
      chunks.push(Buffer.from(value.subarray(0, room)));
      size = maxBytes;
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
    chunks.push(Buffer.from(value));
    size += value.length;
  }
  return { body: Buffer.concat(chunks, size), truncated };
}

/**
 * GETs `url`, following redirects only within the same host (see `followable`); any other
 * redirect is returned for the model to decide on. The download stops at `maxBytes` (marked
 * `truncated`).
 */
export async function fetchPage(start: URL, options: FetchPageOptions): Promise<FetchedPage> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  let url = start;
  try {
    for (let hop = 0; ; hop++) {
      const response = await options.fetch(url, {
        redirect: "manual",
        signal,
        headers: {
          accept: "text/markdown, text/html;q=0.9, text/*;q=0.8, */*;q=0.5",
          "user-agent": "Keel-WebFetch/0.1",
        },
      });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel().catch(() => {});
        const next = new URL(location, url);
        if (!followable(url, next))
          return { kind: "redirect", from: url.href, to: next.href, status: response.status };
        if (hop >= options.maxRedirects)
          return {
            kind: "error",
            message: `Too many redirects (more than ${options.maxRedirects}) from ${start.href}.`,
          };
        url = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        return { kind: "error", message: `HTTP ${response.status} ${response.statusText} for ${url.href}.` };
      }
      const contentType = response.headers.get("content-type") ?? "";
      if (contentKind(contentType) === "binary") {
        await response.body?.cancel().catch(() => {});
        return {
          kind: "error",
          message: `${url.href} is ${mediaType(contentType)}, not text or HTML; WebFetch only reads text pages.`,
        };
      }
      const { body, truncated } = await readCapped(response, options.maxBytes);
      return { kind: "page", url: url.href, status: response.status, contentType, body, truncated };
    }
  } catch (error) {
    if (options.signal.aborted) return { kind: "error", message: "WebFetch was interrupted." };
    if (timeout.aborted)
      return {
        kind: "error",
        message: `Timed out after ${options.timeoutMs / 1000} s fetching ${url.href}.`,
      };
    const cause = (error as Error & { cause?: Error }).cause;
    return {
      kind: "error",
      message: `Could not fetch ${url.href}: ${(error as Error).message}${cause === undefined ? "" : ` (${cause.message})`}`,
    };
  }
}
