import { mkdirSync, mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScriptedProvider, type ScriptedTurn } from "@keel/provider";
import { createAgent } from "@keel/sdk";
import { describe, expect, it } from "vitest";
import { EarlierHistory } from "../src/tui/commands/earlier-history.js";

const text = (t: string): ScriptedTurn => ({ content: [{ type: "text", text: t }] });

describe("/history pages back through a resumed session", () => {
  it("reads the messages before the last compaction lazily from the session file, then stops", async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), "keel-history-")));
    const cwd = join(root, "project");
    mkdirSync(cwd);
    const env = { HOME: root, KEEL_HOME: join(root, "home"), ANTHROPIC_API_KEY: "k", PATH: process.env.PATH };
    const first = await createAgent({
      cwd,
      env,
      sandbox: false,
      provider: new ScriptedProvider([text("early answer"), text("the summary"), text("late answer")]),
    });
    await first.agent.run("the very first prompt");
    await first.agent.compact();
    await first.agent.run("a later prompt");
    await first.close();

    const resumed = await createAgent({
      cwd,
      env,
      sandbox: false,
      resume: first.sessionId,
      provider: new ScriptedProvider([]),
    });
    expect(resumed.earlierBefore).toBeDefined();
    expect(JSON.stringify(resumed.agent.messages)).not.toContain("early answer");
    const pager = new EarlierHistory(resumed);
    const seen: string[] = [];
    for (let page = await pager.next(1); page; page = await pager.next(1)) {
      expect(page.fromFile).toBe(true);
      seen.push(JSON.stringify(page.messages));
    }
    await resumed.close();
    const all = seen.join("\n");
    expect(all).toContain("early answer");
    expect(all).toContain("the very first prompt");
    // Newest page first: the answer comes back before the prompt that asked for it.
    expect(all.indexOf("early answer")).toBeLessThan(all.indexOf("the very first prompt"));
  });
});
