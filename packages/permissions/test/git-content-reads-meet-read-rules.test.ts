import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeShellCommand } from "../src/index.js";
import { bash, decideWith, tempWorkspace } from "./rules-fixture.js";

// git prints file contents from its object store, where no sandbox can hide a denied file.
const { ws, home } = tempWorkspace();
mkdirSync(join(ws, ".git"));
mkdirSync(join(ws, "src"));
writeFileSync(join(ws, "src", "a.ts"), "");
writeFileSync(join(ws, ".env"), "SECRET=1");
const deny = { deny: ["Read(./.env)"] };
const verdict = async (command: string, mode: "default" | "acceptEdits" = "default") =>
  (await decideWith(deny, bash(command), { ws, mode })).behavior;

describe("git reads count for Read rules", () => {
  it("REV:path reads path (from the repository root, or the cwd with ./)", async () => {
    expect(await verdict("git show HEAD:.env")).toBe("deny");
    expect(await verdict("git show HEAD~3:./.env")).toBe("deny");
    expect(await verdict("git cat-file -p HEAD:.env")).toBe("deny");
    expect(await verdict("git show :.env")).toBe("deny");
    expect(await verdict("cd src && git show HEAD:.env")).toBe("deny");
    expect(await verdict("git show HEAD:src/a.ts")).toBe("allow");
  });

  it("content over the whole tree is a recursive read of the repository root", async () => {
    for (const command of [
      "git log -p",
      "git log --patch main",
      "git log -S SECRET",
      "git diff",
      "git diff HEAD~1",
      "git show",
      "git show HEAD",
      "git grep SECRET",
      "git grep SECRET HEAD",
      "git cat-file -p 1234abcd",
      "git archive HEAD",
    ]) {
      expect(await verdict(command, "acceptEdits"), command).not.toBe("allow");
    }
    const a = await analyzeShellCommand("git log -p", { workspaceRoots: [ws], cwd: join(ws, "src"), home });
    expect(a.recursiveReadPaths).toContain(ws);
    expect(a.repositoryReadPaths).toEqual([ws]);
  });

  it("whole-tree git content asks even in bypassPermissions, where a sandbox would not hide .git", async () => {
    const d = await decideWith(deny, bash("git log -p"), { ws, mode: "bypassPermissions" });
    expect(d).toMatchObject({ behavior: "ask", rule: "Read(./.env)", guarded: true });
    expect(
      (await decideWith(deny, bash("git log -p -- src"), { ws, mode: "bypassPermissions" })).behavior,
    ).toBe("allow");
  });

  it("explicit pathspecs that are not denied, and history without patches, stay allowed", async () => {
    for (const command of [
      "git diff -- src",
      "git diff src/a.ts",
      "git log -p -- src/a.ts",
      "git grep foo -- src",
      "git log --oneline -5",
      "git diff --stat",
      "git status",
      "git blame src/a.ts",
    ]) {
      expect(await verdict(command), command).toBe("allow");
    }
    expect(await verdict("git diff -- .env")).toBe("deny");
    expect(await verdict("git blame HEAD~2 .env")).toBe("deny");
  });
});
