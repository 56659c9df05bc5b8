import { describe, expect, it } from "vitest";
import { createWebFetchTool } from "../src/index.js";
import { text, toolContext } from "./context.js";

/** A fetch that answers from a table of URL -> redirect target (or page), recording requests. */
function scriptedFetch(redirects: Record<string, string>) {
  const requested: string[] = [];
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = String(input);
    requested.push(url);
    const to = redirects[url];
    if (to !== undefined) return new Response(null, { status: 301, headers: { location: to } });
    return new Response(`page at ${url}`, { headers: { "content-type": "text/plain" } });
  };
  return { fetch, requested };
}

describe("WebFetch redirects", () => {
  const ctx = toolContext("/tmp");
  const call = async (redirects: Record<string, string>, url: string) => {
    const { fetch, requested } = scriptedFetch(redirects);
    const out = await createWebFetchTool({ fetch }).call({ url, prompt: "p" }, ctx);
    return { out: text(out.content), requested };
  };

  it("returns a redirect between example.com and www.example.com instead of following it", async () => {
    const bare = await call(
      { "https://example.com/a": "https://www.example.com/a" },
      "https://example.com/a",
    );
    expect(bare.requested).toEqual(["https://example.com/a"]);
    expect(bare.out).toBe(
      'https://example.com/a redirects (HTTP 301) to a different host: https://www.example.com/a\nTo fetch it, call WebFetch again with url "https://www.example.com/a".',
    );
    const www = await call(
      { "https://www.example.com/": "https://example.com/" },
      "https://www.example.com/",
    );
    expect(www.requested).toEqual(["https://www.example.com/"]);
    expect(www.out).toContain("to a different host: https://example.com/");
  });

  it("returns a redirect to another port or a subdomain", async () => {
    const port = await call({ "https://example.com/": "https://example.com:8443/" }, "https://example.com/");
    expect(port.requested).toHaveLength(1);
    const sub = await call({ "https://example.com/": "https://api.example.com/" }, "https://example.com/");
    expect(sub.requested).toHaveLength(1);
    expect(sub.out).toContain("to a different host: https://api.example.com/");
  });

  it("follows the same host, with http upgraded to https but never downgraded", async () => {
    const same = await call({ "https://example.com/old": "/new" }, "https://example.com/old");
    expect(same.requested).toEqual(["https://example.com/old", "https://example.com/new"]);
    expect(same.out).toMatch(/^URL: https:\/\/example\.com\/new\n/);

    const up = await call({ "http://localhost/a": "https://localhost/b" }, "http://localhost/a");
    expect(up.requested).toEqual(["http://localhost/a", "https://localhost/b"]);

    const down = await call({ "https://example.com/a": "http://example.com/b" }, "https://example.com/a");
    expect(down.requested).toEqual(["https://example.com/a"]);
    expect(down.out).toContain("to a different scheme: http://example.com/b");
  });
});
