import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { z } from "zod";
import { contentKind, decodeBody, sniffContentKind } from "./content-kind.js";
import { type FetchFunction, fetchPage, normalizeUrl } from "./fetch-page.js";
import { htmlToMarkdown } from "./html-to-markdown.js";

export interface WebFetchToolOptions {
  /** Default: the global `fetch`. */
  fetch?: FetchFunction;
  /** Default 30000 ms. */
  timeoutMs?: number;
  /** Download cap; longer bodies are cut. Default 5 MB. */
  maxBytes?: number;
  /** Page text returned to the model (after conversion). Default 100000 characters. */
  maxOutputChars?: number;
  /** Same-host redirects followed. Default 10. */
  maxRedirects?: number;
}

const DESCRIPTION = `Fetches a URL and returns its content (HTML converted to Markdown; other text as is), followed by your prompt so you can answer it from the page.
- http is upgraded to https. Binary content is refused.
- A redirect to another host (www.example.com and example.com are different hosts) or to another scheme is not followed: you get the new URL to fetch.`;

const inputSchema = z.strictObject({
  url: z.string().describe("The URL to fetch"),
  prompt: z.string().describe("What to find out from the page"),
});
type WebFetchInput = z.infer<typeof inputSchema>;

function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}\n\n[… content cut at ${maxChars} characters; ${text.length - maxChars} more not shown …]`;
}

export function createWebFetchTool(options: WebFetchToolOptions = {}): Tool {
  const maxOutputChars = options.maxOutputChars ?? 100_000;
  return defineTool<WebFetchInput>({
    name: "WebFetch",
    description: DESCRIPTION,
    inputSchema,
    // Nothing local changes, so it may run beside other reads; the network needs `full`.
    readOnly: true,
    requiredLevel: () => "full",
    maxOutputChars: maxOutputChars + 2000,
    async call(input, ctx): Promise<ToolOutput> {
      const url = normalizeUrl(input.url);
      if (typeof url === "string") return { content: url, isError: true };
      const page = await fetchPage(url, {
        fetch: options.fetch ?? globalThis.fetch,
        signal: ctx.signal,
        timeoutMs: options.timeoutMs ?? 30_000,
        maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
        maxRedirects: options.maxRedirects ?? 10,
      });
      if (page.kind === "error") return { content: page.message, isError: true };
      if (page.kind === "redirect") {
        // Not followed: the new URL needs its own permission check (WebFetch(domain:…) rules).
        const what = new URL(page.to).host === new URL(page.from).host ? "scheme" : "host";
        return {
          content: `${page.from} redirects (HTTP ${page.status}) to a different ${what}: ${page.to}\nTo fetch it, call WebFetch again with url "${page.to}".`,
        };
      }
      let kind = contentKind(page.contentType);
      if (kind === "unknown") kind = sniffContentKind(page.body);
      if (kind === "binary") {
        return { content: `${page.url} is binary content; WebFetch only reads text pages.`, isError: true };
      }
      const text = decodeBody(page.body, page.contentType);
      const lines = [`URL: ${page.url}`];
      let body = text;
      if (kind === "html") {
        const converted = await htmlToMarkdown(text);
        if (converted.title !== undefined) lines.push(`Title: ${converted.title}`);
        body = converted.markdown;
      }
      if (page.truncated)
        lines.push(`(The download was cut at ${page.body.length} bytes; the page is longer.)`);
      return {
        content: `${lines.join("\n")}\n\n${capText(body, maxOutputChars)}\n\n---\nAnswer from the page above: ${input.prompt}`,
      };
    },
  });
}
