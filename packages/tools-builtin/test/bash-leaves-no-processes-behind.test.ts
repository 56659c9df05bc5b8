import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createBashTool } from "../src/index.js";
import { removeWorkspaces, tempWorkspace, text, toolContext } from "./context.js";

afterAll(removeWorkspaces);

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2] !== "Z";
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe("Bash leaves no processes behind", () => {
  it("ends background jobs a finished command left running", async () => {
    const bash = createBashTool({ env: { PATH: process.env.PATH }, killGraceMs: 300 });
    const out = await bash.call({ command: "sleep 123 & echo pid=$!" }, toolContext(tempWorkspace()));
    const pid = Number(/pid=(\d+)/.exec(text(out.content))?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(await until(() => !running(pid), 3000)).toBe(true);
  });

  it("kills a job that ignores SIGTERM after the grace period", async () => {
    const bash = createBashTool({ env: { PATH: process.env.PATH }, killGraceMs: 300 });
    const out = await bash.call(
      { command: "bash -c 'trap \"\" TERM; sleep 77' & echo pid=$!" },
      toolContext(tempWorkspace()),
    );
    const pid = Number(/pid=(\d+)/.exec(text(out.content))?.[1]);
    expect(await until(() => !running(pid), 3000)).toBe(true);
  });
});
