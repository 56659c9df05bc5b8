import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agentTypeInfos } from "../src/agents/agent-definition.js";
import { BUILTIN_AGENTS } from "../src/agents/builtin-agents.js";
import { loadAgentDefinitions } from "../src/agents/load-agent-definitions.js";
import { parseFrontmatter } from "../src/frontmatter/parse-frontmatter.js";

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

function write(path: string, text: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe("agent definitions", () => {
  it("has the built-in general-purpose (all tools) and a read-only Explore", () => {
    const { definitions, warnings } = loadAgentDefinitions({
      cwd: tempDir("keel-agents-none-"),
      keelHome: tempDir("keel-home-"),
    });
    expect(warnings).toEqual([]);
    expect(definitions.map((d) => d.name)).toEqual(["general-purpose", "Explore"]);
    expect(definitions[0]?.tools).toBeUndefined();
    expect(definitions[1]?.tools).toEqual(["Read", "Glob", "Grep"]);
    expect(definitions[1]?.systemPrompt).toMatch(/READ-ONLY/);
    expect(agentTypeInfos(BUILTIN_AGENTS)[1]).toEqual({
      name: "Explore",
      description: BUILTIN_AGENTS[1]?.description,
      tools: ["Read", "Glob", "Grep"],
    });
  });

  it("reads .keel/agents, .claude/agents and $KEEL_HOME/agents, higher priority first, and skips bad files with a warning", () => {
    const cwd = tempDir("keel-agents-");
    const home = tempDir("keel-home-");
    const reviewer = write(
      join(cwd, ".keel", "agents", "reviewer.md"),
      `---
name: code-reviewer
description: Reviews code for bugs. Use after changes.   # trailing comment
tools: Read, Grep, Glob, Bash(git diff:*)
model: sonnet
maxTurns: 12
permissionMode: bypassPermissions
---
You review code.

Be specific.
`,
    );
    const shadowed = write(
      join(cwd, ".claude", "agents", "reviewer.md"),
      "---\nname: code-reviewer\ndescription: other\n---\nOther prompt\n",
    );
    write(
      join(cwd, ".claude", "agents", "tester.md"),
      `---\r
name: "test-runner"\r
description: >\r
  Runs the tests\r
  and reports failures.\r
tools:\r
  - Read\r
  - 'Bash'\r
disallowedTools: [Write, "Edit"]\r
model: inherit\r
---\r
Run the tests.\r
`,
    );
    write(
      join(home, "agents", "Explore.md"),
      "---\nname: Explore\ndescription: My explorer\ntools: Read\n---\nExplore my way.\n",
    );
    write(join(home, "agents", "notes.txt"), "not an agent");
    const noFrontmatter = write(join(cwd, ".keel", "agents", "a-plain.md"), "# Just markdown\n");
    const noDescription = write(
      join(cwd, ".keel", "agents", "b-nodesc.md"),
      "---\nname: nodesc\n---\nPrompt\n",
    );
    const badLine = write(
      join(cwd, ".keel", "agents", "c-bad.md"),
      "---\nname: bad\njust words\n---\nPrompt\n",
    );
    const badName = write(
      join(cwd, ".keel", "agents", "d-name.md"),
      "---\nname: has:colon\ndescription: x\n---\nPrompt\n",
    );
    const unclosed = write(join(cwd, ".keel", "agents", "e-open.md"), "---\nname: open\ndescription: x\n");
    mkdirSync(join(cwd, ".keel", "agents", "dir.md"));

    const { definitions, warnings } = loadAgentDefinitions({ cwd, keelHome: home });
    expect(definitions.map((d) => `${d.name}:${d.source}`)).toEqual([
      "general-purpose:built-in",
      "Explore:user",
      "code-reviewer:project",
      "test-runner:project",
    ]);
    const byName = Object.fromEntries(definitions.map((d) => [d.name, d]));
    expect(byName["code-reviewer"]).toEqual({
      name: "code-reviewer",
      description: "Reviews code for bugs. Use after changes.",
      tools: ["Read", "Grep", "Glob", "Bash"],
      model: "sonnet",
      maxTurns: 12,
      systemPrompt: "You review code.\n\nBe specific.",
      source: "project",
      path: reviewer,
    });
    expect(byName["test-runner"]).toMatchObject({
      description: "Runs the tests and reports failures.",
      tools: ["Read", "Bash"],
      disallowedTools: ["Write", "Edit"],
      systemPrompt: "Run the tests.",
    });
    expect(byName["test-runner"]?.model).toBeUndefined();
    expect(byName.Explore).toMatchObject({
      description: "My explorer",
      tools: ["Read"],
      systemPrompt: "Explore my way.",
    });

    const text = warnings.join("\n");
    expect(warnings).toHaveLength(7);
    expect(text).toContain(
      `Skipped agent file ${noFrontmatter}: it does not start with a "---" frontmatter line`,
    );
    expect(text).toContain(`Skipped agent file ${noDescription}: its frontmatter has no description`);
    expect(text).toContain(`Skipped agent file ${badLine}: line 3 is not "key: value": just words`);
    expect(text).toContain(`Skipped agent file ${badName}: its name "has:colon" is invalid`);
    expect(text).toContain(`Skipped agent file ${unclosed}: its frontmatter has no closing "---" line`);
    expect(text).toContain(
      `${shadowed}: agent "code-reviewer" is already defined by ${reviewer}; this file is ignored`,
    );
    expect(text).toContain(`${reviewer}: tools entry "Bash(git diff:*)": the part in parentheses is ignored`);
  });
});

describe("parseFrontmatter", () => {
  it("reads quoted values, lists, block scalars and continuation lines", () => {
    const parsed = parseFrontmatter(`---
a: "line\\none # not a comment" # comment
b: 'it''s'
c: [x, "y, z", 'w']
d: |
  first
    indented
  last
e: plain text
  continued here
f:
g: []
---
body
`);
    expect(parsed).toEqual({
      ok: true,
      fields: {
        a: "line\none # not a comment",
        b: "it's",
        c: ["x", "y, z", "w"],
        d: "first\n  indented\nlast",
        e: "plain text continued here",
        f: null,
        g: [],
      },
      body: "body\n",
    });
  });

  it("names the line of a value it cannot read", () => {
    expect(parseFrontmatter('---\nname: x\ndescription: "open\n---\n')).toEqual({
      ok: false,
      error: "line 3 (description): unterminated double-quoted value",
    });
  });
});
