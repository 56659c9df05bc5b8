import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bash, decideWith, tempWorkspace } from "./rules-fixture.js";

const { ws } = tempWorkspace();
const home = join(ws, "home");
const outside = join(ws, "..", `${ws.split("/").pop()}-outside`);
mkdirSync(join(ws, "src", "deep"), { recursive: true });
mkdirSync(home);
mkdirSync(outside, { recursive: true });
writeFileSync(join(ws, ".env"), "SECRET=1");
writeFileSync(join(outside, "target.txt"), "x");
symlinkSync(join(ws, ".env"), join(ws, "env-link"));
symlinkSync(join(outside, "target.txt"), join(ws, "out-link"));

const read = (p: string) => ({ toolName: "Read", input: { file_path: p }, level: "read" as const });
const write = (tool: string, p: string) => ({
  toolName: tool,
  input: { file_path: p },
  level: "write" as const,
});
const verdict = async (lists: Parameters<typeof decideWith>[0], call: Parameters<typeof decideWith>[1]) =>
  (await decideWith(lists, call, { ws, home, mode: "acceptEdits" })).behavior;

describe("Read/Edit path rules", () => {
  it("a deny on Read(./.env) blocks cat .env and grep x .env in Bash too", async () => {
    const deny = { deny: ["Read(./.env)"] };
    expect(await verdict(deny, read(join(ws, ".env")))).toBe("deny");
    expect(await verdict(deny, bash("cat .env"))).toBe("deny");
    expect(await verdict(deny, bash("grep x .env"))).toBe("deny");
    expect(await verdict(deny, bash("cat src/../.env | head"))).toBe("deny");
    expect(await verdict(deny, bash('cat "$PWD/.env"'))).toBe("deny");
    expect(await verdict(deny, bash("cat .en*"))).toBe("deny");
    expect(await verdict(deny, bash("cp .env leak.txt"))).toBe("deny");
    expect(await verdict(deny, bash("cat README.md"))).toBe("allow");
  });

  it("a recursive shell read over a denied path needs approval", async () => {
    const deny = { deny: ["Read(./.env)"] };
    expect(await verdict(deny, bash("grep -r SECRET ."))).toBe("ask");
    expect(await verdict(deny, bash("rg SECRET"))).toBe("ask");
    expect(await verdict(deny, bash("grep -r SECRET src"))).toBe("allow");
  });

  it("a bare filename matches at any depth; ./name only at the cwd", async () => {
    expect(await verdict({ deny: ["Read(.env)"] }, read(join(ws, "src/deep/.env")))).toBe("deny");
    expect(await verdict({ deny: ["Read(./.env)"] }, read(join(ws, "src/deep/.env")))).toBe("allow");
  });

  it("* stays in a segment, ** crosses directories, a directory covers its contents", async () => {
    expect(await verdict({ deny: ["Read(./src/*.ts)"] }, read(join(ws, "src/a.ts")))).toBe("deny");
    expect(await verdict({ deny: ["Read(./src/*.ts)"] }, read(join(ws, "src/deep/a.ts")))).toBe("allow");
    expect(await verdict({ deny: ["Read(./src/**/*.ts)"] }, read(join(ws, "src/deep/a.ts")))).toBe("deny");
    expect(await verdict({ deny: ["Read(./src)"] }, read(join(ws, "src/deep/a.ts")))).toBe("deny");
  });

  it("anchors: //abs, ~/home, /settings-source-root", async () => {
    expect(await verdict({ ask: ["Read(//etc/**)"] }, read("/etc/hosts"))).toBe("ask");
    expect(await verdict({ deny: ["Read(~/.ssh/**)"] }, read(join(home, ".ssh/id_rsa")))).toBe("deny");
    const source = { kind: "project" as const, root: join(ws, "src") };
    const d = await decideWith({ deny: ["Read(/deep/**)"] }, read(join(ws, "src/deep/x")), { ws, source });
    expect(d.behavior).toBe("deny");
  });

  it("Edit(...) covers Write, Edit, MultiEdit and NotebookEdit; a Read deny also blocks writes", async () => {
    for (const tool of ["Write", "Edit", "MultiEdit"])
      expect(await verdict({ deny: ["Edit(./src/**)"] }, write(tool, join(ws, "src/a.ts"))), tool).toBe(
        "deny",
      );
    expect(
      await verdict(
        { deny: ["Edit(*.ipynb)"] },
        { toolName: "NotebookEdit", input: { notebook_path: join(ws, "n.ipynb") }, level: "write" },
      ),
    ).toBe("deny");
    expect(await verdict({ deny: ["Read(./.env)"] }, write("Write", join(ws, ".env")))).toBe("deny");
    expect(await verdict({ deny: ["Edit(./.env)"] }, read(join(ws, ".env")))).toBe("allow");
  });

  it("Read(...) applies to Grep and Glob paths", async () => {
    const grep = { toolName: "Grep", input: { pattern: "x", path: join(ws, "src") }, level: "read" as const };
    expect(await verdict({ deny: ["Read(./src/**)"] }, grep)).toBe("deny");
    const glob = { toolName: "Glob", input: { pattern: "*", path: join(ws, "src") }, level: "read" as const };
    expect(await verdict({ deny: ["Read(./src)"] }, glob)).toBe("deny");
  });

  it("symlinks: a deny matches the link or its target; an allow needs both", async () => {
    expect(await verdict({ deny: ["Read(./.env)"] }, read(join(ws, "env-link")))).toBe("deny");
    expect(await verdict({ deny: ["Read(./.env)"] }, bash("cat env-link"))).toBe("deny");
    const allowWs = await decideWith(
      { allow: ["Read(./**)"] },
      { toolName: "Read", input: { file_path: join(ws, "out-link") }, level: "full" },
      { ws, home },
    );
    expect(allowWs.behavior).toBe("ask");
    const allowOk = await decideWith(
      { allow: ["Read(./**)"] },
      { toolName: "Read", input: { file_path: join(ws, "src/a.ts") }, level: "full" },
      { ws, home },
    );
    expect(allowOk.behavior).toBe("allow");
  });
});
