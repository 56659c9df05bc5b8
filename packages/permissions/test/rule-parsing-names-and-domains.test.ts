import { describe, expect, it } from "vitest";
import { createRuleSet, PermissionError, parsePermissionRule } from "../src/index.js";
import { decideWith, tempWorkspace } from "./rules-fixture.js";

const { ws } = tempWorkspace();
const source = { kind: "cli" as const, root: ws };

describe("parsePermissionRule", () => {
  it("rejects malformed rules with a message that says what is wrong", () => {
    const cases: Array<[string, RegExp]> = [
      ["", /empty/],
      ["Bash(npm test", /missing "\)"/],
      ["Bash)", /unbalanced/],
      ["Bash()", /parentheses are empty/],
      ["Ba sh", /not a tool name/],
      ["WebFetch(example.com)", /domain:/],
      ["*", /only allowed in deny and ask/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parsePermissionRule(text, "allow", source);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(PermissionError);
      expect((error as PermissionError).kind).toBe("invalid_rule");
      expect((error as Error).message, text).toMatch(message);
    }
  });

  it("accepts globs in deny rules and Bash(*) as a bare name", () => {
    expect(parsePermissionRule("mcp__*", "deny", source).tool).toBe("mcp__*");
    expect(parsePermissionRule("Bash(*)", "deny", source).specifier).toBeUndefined();
  });

  it("warns about path rules written against Write/Glob (use Edit/Read)", () => {
    expect(parsePermissionRule("Write(./src/**)", "allow", source).warning).toMatch(/Edit\(\.\/src\/\*\*\)/);
  });
});

describe("tool names", () => {
  const call = (toolName: string) => ({ toolName, input: {}, level: "full" as const });
  it("compare case-insensitively and accept old names", async () => {
    expect((await decideWith({ deny: ["webfetch"] }, call("WebFetch"), { ws })).behavior).toBe("deny");
    expect((await decideWith({ deny: ["Task"] }, call("Agent"), { ws })).behavior).toBe("deny");
    expect((await decideWith({ deny: ["BashOutput"] }, call("TaskOutput"), { ws })).behavior).toBe("deny");
    expect((await decideWith({ deny: ["KillShell"] }, call("TaskStop"), { ws })).behavior).toBe("deny");
  });

  it("mcp__server, mcp__server__tool and prefix globs", async () => {
    const v = async (rule: string, tool: string) =>
      (await decideWith({ allow: [rule] }, call(tool), { ws })).behavior;
    expect(await v("mcp__github", "mcp__github__create_issue")).toBe("allow");
    expect(await v("mcp__github", "mcp__githubx__create_issue")).toBe("ask");
    expect(await v("mcp__github__get_issue", "mcp__github__get_issue")).toBe("allow");
    expect(await v("mcp__github__get_issue", "mcp__github__get_issues")).toBe("ask");
    expect(await v("mcp__github__*", "mcp__github__anything")).toBe("allow");
    expect(await v("mcp__github__get_*", "mcp__github__get_repo")).toBe("allow");
    expect(await v("mcp__github__get_*", "mcp__github__delete_repo")).toBe("ask");
  });

  it("a bare-name deny removes the tool; a scoped deny does not", () => {
    const rules = createRuleSet(
      [parsePermissionRule("Bash", "deny", source), parsePermissionRule("Read(./.env)", "deny", source)],
      { cwd: ws, home: "/h" },
    );
    expect(rules.removesTool("Bash")?.text).toBe("Bash");
    expect(rules.removesTool("Read")).toBeUndefined();
  });
});

describe("WebFetch(domain:…)", () => {
  const fetch = (url: string) => ({ toolName: "WebFetch", input: { url }, level: "full" as const });
  const v = async (rule: string, url: string) =>
    (await decideWith({ allow: [rule] }, fetch(url), { ws })).behavior;
  it("matches the host case-insensitively, ignoring a trailing dot", async () => {
    expect(await v("WebFetch(domain:example.com)", "https://EXAMPLE.com./a")).toBe("allow");
    expect(await v("WebFetch(domain:example.com)", "https://example.com.evil.net/")).toBe("ask");
  });
  it("*.example.com is subdomains only; a non-leading * is one label", async () => {
    expect(await v("WebFetch(domain:*.example.com)", "https://a.b.example.com/")).toBe("allow");
    expect(await v("WebFetch(domain:*.example.com)", "https://example.com/")).toBe("ask");
    expect(await v("WebFetch(domain:example.*)", "https://example.org/")).toBe("allow");
    expect(await v("WebFetch(domain:example.*)", "https://example.evil.com/")).toBe("ask");
  });
  it("a Unicode rule matches the punycode host; userinfo and port never count", async () => {
    expect(await v("WebFetch(domain:bücher.de)", "https://BÜCHER.de/x")).toBe("allow");
    expect(await v("WebFetch(domain:bücher.de)", "https://xn--bcher-kva.de/x")).toBe("allow");
    expect(await v("WebFetch(domain:*.bücher.de)", "https://shop.xn--bcher-kva.de/")).toBe("allow");
    expect(await v("WebFetch(domain:example.com)", "https://example.com@evil.net/")).toBe("ask");
    expect(await v("WebFetch(domain:example.com)", "https://user:pw@example.com:8443/")).toBe("allow");
    expect(await v("WebFetch(domain:user@example.com:8443)", "https://example.com/")).toBe("allow");
  });
});
