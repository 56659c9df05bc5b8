import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebFetchTool } from "../src/index.js";
import { text, toolContext } from "./context.js";

const HTML = `<!doctype html><html><head><title>Keel &amp; Co</title><script>var secret = 1;</script>
<style>body { color: red }</style></head><body><h1>Welcome</h1><p>Read the <a href="/docs">docs</a>.</p>
<ul><li>one</li><li>two</li></ul></body></html>`;

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = req.url ?? "/";
    if (route === "/page") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(HTML);
    } else if (route === "/notes.txt") {
      res.writeHead(200, { "content-type": "text/plain" }).end("plain *text* stays as is");
    } else if (route === "/same-host") {
      res.writeHead(301, { location: "/page" }).end();
    } else if (route === "/other-host") {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/page` }).end();
    } else if (route === "/loop") {
      res.writeHead(302, { location: "/loop" }).end();
    } else if (route === "/big") {
      res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(200_000));
    } else if (route === "/logo.png") {
      res.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    } else if (route === "/untyped") {
      res.end(Buffer.from([0x41, 0x00, 0x42])); // no content-type, NUL bytes
    } else if (route === "/hang") {
      // never answers
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("nope");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("WebFetch against a local server", () => {
  const webFetch = createWebFetchTool();
  const ctx = toolContext("/tmp");
  const url = (route: string) => `http://localhost:${port}${route}`;
  const fetchUrl = (route: string, prompt = "What is it?") => webFetch.call({ url: url(route), prompt }, ctx);

  it("converts HTML to Markdown with the title, then restates the prompt", async () => {
    const out = await fetchUrl("/page", "List the items");
    expect(out.isError).toBeUndefined();
    expect(text(out.content)).toBe(
      `URL: ${url("/page")}\nTitle: Keel & Co\n\n# Welcome\n\nRead the [docs](/docs).\n\n* one\n* two\n\n---\nAnswer from the page above: List the items`,
    );
  });

  it("returns other text as is", async () => {
    expect(text((await fetchUrl("/notes.txt")).content)).toContain("\n\nplain *text* stays as is\n\n---\n");
  });

  it("follows a redirect on the same host", async () => {
    const out = text((await fetchUrl("/same-host")).content);
    expect(out).toContain(`URL: ${url("/page")}\nTitle: Keel & Co`);
  });

  it("returns a redirect to another host instead of following it", async () => {
    const out = await fetchUrl("/other-host");
    expect(out).toEqual({
      content: `${url("/other-host")} redirects (HTTP 302) to a different host: http://127.0.0.1:${port}/page\nTo fetch it, call WebFetch again with url "http://127.0.0.1:${port}/page".`,
    });
  });

  it("stops after too many redirects", async () => {
    const out = await fetchUrl("/loop");
    expect(out.isError).toBe(true);
    expect(text(out.content)).toContain("Too many redirects");
  });

  it("caps the download and says the page is longer", async () => {
    const small = createWebFetchTool({ maxBytes: 1000 });
    const out = text((await small.call({ url: url("/big"), prompt: "p" }, ctx)).content);
    expect(out).toContain("(The download was cut at 1000 bytes; the page is longer.)");
    expect(out).toContain(`\n\n${"x".repeat(1000)}\n\n---\n`);
  });

  it("caps the text returned to the model", async () => {
    const small = createWebFetchTool({ maxOutputChars: 100 });
    const out = text((await small.call({ url: url("/big"), prompt: "p" }, ctx)).content);
    expect(out).toContain(`${"x".repeat(100)}\n\n[… content cut at 100 characters; 199900 more not shown …]`);
  });

  it("refuses binary content, by type or by sniffing", async () => {
    const png = await fetchUrl("/logo.png");
    expect(png).toEqual({
      content: `${url("/logo.png")} is image/png, not text or HTML; WebFetch only reads text pages.`,
      isError: true,
    });
    expect((await fetchUrl("/untyped")).isError).toBe(true);
  });

  it("reports HTTP errors and timeouts", async () => {
    expect(await fetchUrl("/missing")).toEqual({
      content: `HTTP 404 Not Found for ${url("/missing")}.`,
      isError: true,
    });
    const quick = createWebFetchTool({ timeoutMs: 100 });
    expect(await quick.call({ url: url("/hang"), prompt: "p" }, ctx)).toEqual({
      content: `Timed out after 0.1 s fetching ${url("/hang")}.`,
      isError: true,
    });
  });

  it("refuses non-http URLs", async () => {
    for (const bad of ["file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)"]) {
      const out = await webFetch.call({ url: bad, prompt: "p" }, ctx);
      expect(out.isError).toBe(true);
      expect(text(out.content)).toMatch(/^WebFetch only fetches http and https URLs/);
    }
    expect((await webFetch.call({ url: "not a url", prompt: "p" }, ctx)).isError).toBe(true);
  });

  it("upgrades http to https for remote hosts (injected fetch)", async () => {
    const requested: string[] = [];
    const fake = createWebFetchTool({
      fetch: async (input) => {
        requested.push(String(input));
        return new Response("ok", { headers: { "content-type": "text/plain" } });
      },
    });
    const out = await fake.call({ url: "http://example.com/a?b=1", prompt: "p" }, ctx);
    expect(requested).toEqual(["https://example.com/a?b=1"]);
    expect(text(out.content)).toMatch(/^URL: https:\/\/example\.com\/a\?b=1\n\nok\n/);
  });

  it("needs the full level (network)", () => {
    expect(webFetch.requiredLevel?.({ url: "https://example.com", prompt: "p" }, { cwd: "/tmp" })).toBe(
      "full",
    );
  });
});
