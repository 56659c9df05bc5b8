import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePermissionRule } from "@keel/permissions";
import { createFileStateTracker } from "@keel/tools";
import { createBashTool, probeBubblewrap } from "@keel/tools-builtin";
import { describe, expect, it } from "vitest";
import { bashSandboxFor } from "../src/bash-sandbox.js";

const bwrap = probeBubblewrap();

describe.skipIf(!bwrap.available)("the Bash sandbox enforces deny rules the analysis cannot see", () => {
  it("keeps Edit-denied paths read-only and Read-denied files unreadable, whatever the program", async () => {
    const ws = realpathSync(mkdtempSync(join(tmpdir(), "keel-sbx-rules-")));
    mkdirSync(join(ws, "locked"));
    writeFileSync(join(ws, "locked", "a.txt"), "original\n");
    writeFileSync(join(ws, "secret.txt"), "TOP-SECRET\n");
    const source = { kind: "project" as const, root: ws };
    const rules = [
      parsePermissionRule("Edit(./locked/**)", "deny", source),
      parsePermissionRule("Read(./secret.txt)", "deny", source),
    ];
    const { sandbox } = bashSandboxFor({
      enabled: true,
      allowNetwork: false,
      workspaceRoots: [ws],
      rules,
      home: ws,
    });
    const bash = createBashTool({ env: { PATH: process.env.PATH }, ...(sandbox ? { sandbox } : {}) });
    const ctx = {
      cwd: ws,
      signal: new AbortController().signal,
      toolUseId: "t",
      progress() {},
      fileState: createFileStateTracker(),
    };
    // A program the shell analysis cannot see into.
    const out = await bash.call(
      {
        command: `node -e "const fs=require('fs'); try{fs.writeFileSync('locked/a.txt','pwned')}catch(e){console.log('write '+e.code)} try{console.log('read '+fs.readFileSync('secret.txt','utf8'))}catch(e){console.log('read '+e.code)}"`,
      },
      ctx,
    );
    expect(readFileSync(join(ws, "locked", "a.txt"), "utf8")).toBe("original\n");
    expect(String(out.content)).toMatch(/write EROFS/);
    expect(String(out.content)).not.toContain("TOP-SECRET");
  });
});
