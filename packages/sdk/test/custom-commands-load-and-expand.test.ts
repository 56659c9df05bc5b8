import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandCommand, splitArguments } from "../src/commands/expand-command.js";
import { findCustomCommand, loadCustomCommands } from "../src/commands/load-custom-commands.js";

function tree(files: Record<string, string>) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "keel-commands-")));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const load = (root: string) =>
  loadCustomCommands({ cwd: join(root, "proj"), keelHome: join(root, "keel"), home: join(root, "home") });

describe("custom slash commands", () => {
  it("loads project and user commands with frontmatter, namespaces and precedence", () => {
    const root = tree({
      "proj/.keel/commands/review.md": [
        "---",
        "description: Review the diff",
        "argument-hint: [pr-number] [priority]",
        "model: claude-haiku-4-5",
        "allowed-tools: Bash(git diff:*), Bash(git log:*) Read",
        "disable-model-invocation: true",
        "---",
        "Review PR #$1 with priority $2.",
      ].join("\n"),
      "proj/.claude/commands/review.md": "shadowed by .keel",
      "proj/.claude/commands/frontend/component.md": "# Make a component\nCreate $ARGUMENTS.",
      "keel/commands/standup.md": "---\nallowed-tools:\n  - Read\n  - Grep\n---\nSummarize yesterday.",
      "keel/commands/review.md": "user review, shadowed by the project",
      "home/.claude/commands/hello.md": "Say hello.",
    });
    const { commands, warnings } = load(root);
    expect(warnings).toEqual([]);
    expect(commands.map((c) => [c.qualifiedName, c.scope])).toEqual([
      ["review", "project"],
      ["frontend:component", "project"],
      ["standup", "user"],
      ["hello", "user"],
    ]);
    expect(commands[0]).toMatchObject({
      name: "review",
      namespace: "",
      path: join(root, "proj/.keel/commands/review.md"),
      description: "Review the diff",
      argumentHint: "[pr-number] [priority]",
      model: "claude-haiku-4-5",
      allowedTools: ["Bash(git diff:*)", "Bash(git log:*)", "Read"],
      disableModelInvocation: true,
      body: "Review PR #$1 with priority $2.",
    });
    expect(commands[1]).toMatchObject({
      name: "component",
      namespace: "frontend",
      description: "Make a component",
    });
    expect(commands[2]?.allowedTools).toEqual(["Read", "Grep"]);
    expect(findCustomCommand(commands, "component")?.qualifiedName).toBe("frontend:component");
    expect(findCustomCommand(commands, "frontend:component")?.name).toBe("component");
    expect(findCustomCommand(commands, "nope")).toBeUndefined();
  });

  it("reports invalid files by name and keeps the valid ones", () => {
    const root = tree({
      "proj/.keel/commands/unclosed.md": "---\ndescription: never closed\nBody",
      "proj/.keel/commands/bad-key.md": "---\nthis is not yaml\n---\nBody",
      "proj/.keel/commands/empty.md": "---\ndescription: nothing\n---\n   \n",
      "proj/.keel/commands/has space.md": "Body",
      "proj/.keel/commands/list-desc.md": "---\ndescription:\n  - a\n---\nFirst line wins",
      "proj/.keel/commands/ok.md": "Fine.",
      "proj/.keel/commands/notes.txt": "not a command",
    });
    const { commands, warnings } = load(root);
    expect(commands.map((c) => [c.name, c.description])).toEqual([
      ["list-desc", "First line wins"],
      ["ok", "Fine."],
    ]);
    const dir = join(root, "proj/.keel/commands");
    expect(warnings).toEqual([
      `${dir}/bad-key.md: line 2 is not "key: value": this is not yaml; the command is skipped.`,
      `${dir}/empty.md: the command has no prompt text; skipped.`,
      `${dir}/has space.md: a command name uses letters, digits, ".", "_" and "-" (no spaces); skipped.`,
      `${dir}/list-desc.md: "description" should be text, not a list; ignored.`,
      `${dir}/unclosed.md: its frontmatter has no closing "---" line; the command is skipped.`,
    ]);
  });

  it("substitutes $ARGUMENTS and 1-based $1…$9 (2025 style)", () => {
    const cmd = { body: "Fix #$1 ($2) — all: $ARGUMENTS; missing: $3; literal: \\$1", argumentNames: [] };
    expect(expandCommand(cmd, ' 123  "high prio" ')).toBe(
      'Fix #123 (high prio) — all: 123  "high prio"; missing: $3; literal: $1',
    );
  });

  it("counts from $0 when the file uses $0 or $ARGUMENTS[N] (2026 style), and substitutes named arguments", () => {
    expect(expandCommand({ body: "first=$0 second=$1 [1]=$ARGUMENTS[1]", argumentNames: [] }, "a b")).toBe(
      "first=a second=b [1]=b",
    );
    expect(
      expandCommand(
        { body: "Migrate $component to $framework in $HOME", argumentNames: ["component", "framework"] },
        "Button vue",
      ),
    ).toBe("Migrate Button to vue in $HOME");
  });

  it("appends the arguments when the body has no placeholder", () => {
    expect(expandCommand({ body: "Summarize yesterday.", argumentNames: [] }, "only backend")).toBe(
      "Summarize yesterday.\n\nARGUMENTS: only backend",
    );
    expect(expandCommand({ body: "Summarize yesterday.", argumentNames: [] }, "  ")).toBe(
      "Summarize yesterday.",
    );
  });

  it("splits arguments like a shell, without expansion", () => {
    expect(splitArguments(`a "b c" 'd e' f\\ g "h\\"i" ''`)).toEqual(["a", "b c", "d e", "f g", 'h"i', ""]);
    expect(splitArguments("   ")).toEqual([]);
  });
});
