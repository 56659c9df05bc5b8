import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JsonlSessionStore } from "../src/jsonl-session-store.js";
import { titleFromPrompt } from "../src/session-title.js";
import { assistantMsg, header, jsonl, title, userMsg } from "./session-fixtures.js";

const records = (path: string) =>
  readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("session titles", () => {
  it("writes a title from the first prompt, once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-title-"));
    const store = new JsonlSessionStore({ dir });
    const log = await store.create(header("s"));
    await log.append(userMsg("x", "continue", true));
    await log.append({
      type: "message",
      uuid: "r",
      timestamp: "t",
      message: { role: "user", content: [{ type: "tool_result", toolUseId: "t1", content: "ok" }] },
    });
    await log.append(userMsg("u1", "  \n   Fix   the login bug  \nDetails follow"));
    await log.append(assistantMsg("a1", "ok"));
    await log.append(userMsg("u2", "Second prompt"));
    await log.close();
    const written = records(join(dir, "s.jsonl"));
    // Right before the prompt, so it sits next to the header however long the prompt is.
    expect(written.map((r) => r.uuid ?? r.type)).toEqual(["header", "x", "r", "title", "u1", "a1", "u2"]);
    expect(written[3]).toEqual({ type: "title", title: "Fix the login bug" });
    const { loaded, log: again } = await store.open("s");
    await again.close();
    expect(loaded.title).toBe("Fix the login bug");
  });

  it("cuts long first lines to 80 characters with an ellipsis", () => {
    const t = titleFromPrompt(`${"word ".repeat(40)}\nsecond line`);
    expect(Array.from(t)).toHaveLength(80);
    expect(t.endsWith("…")).toBe(true);
    expect(titleFromPrompt("   \n\t\n")).toBe("");
    expect(titleFromPrompt("Short one")).toBe("Short one");
  });

  it("titles an opened session that had no prompt yet, and not one that has", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-title-"));
    writeFileSync(join(dir, "empty.jsonl"), jsonl([header("empty")]));
    writeFileSync(join(dir, "old.jsonl"), jsonl([header("old"), userMsg("u1", "Old prompt")]));
    const store = new JsonlSessionStore({ dir });
    for (const id of ["empty", "old"]) {
      const { log } = await store.open(id);
      await log.append(userMsg("n", "New prompt"));
      await log.close();
    }
    expect(records(join(dir, "empty.jsonl")).at(-2)).toEqual({ type: "title", title: "New prompt" });
    expect(records(join(dir, "old.jsonl")).some((r) => r.type === "title")).toBe(false);
    const titles = Object.fromEntries((await store.list()).map((s) => [s.sessionId, s.title]));
    expect(titles).toEqual({ empty: "New prompt", old: "Old prompt" });
  });

  it("repeats a renamed title near the end of the file so a listing's tail read finds it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-title-"));
    const store = new JsonlSessionStore({ dir });
    const log = await store.create(header("s"));
    await log.append(userMsg("u1", "Original"));
    await log.append(title("Renamed"));
    for (let i = 0; i < 5; i++) await log.append(assistantMsg(`a${i}`, "z".repeat(10_000)));
    await log.sync();
    await log.close();
    const written = records(join(dir, "s.jsonl"));
    expect(written.at(-1)).toEqual({ type: "title", title: "Renamed" });
    expect((await store.list())[0]?.title).toBe("Renamed");
    // A title the head already shows is not repeated.
    const log2 = await store.create(header("t"));
    await log2.append(userMsg("u1", "Plain"));
    for (let i = 0; i < 5; i++) await log2.append(assistantMsg(`a${i}`, "z".repeat(10_000)));
    await log2.close();
    expect(records(join(dir, "t.jsonl")).filter((r) => r.type === "title")).toHaveLength(1);
  });
});
