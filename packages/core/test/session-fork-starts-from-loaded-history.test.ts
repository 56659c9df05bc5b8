import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JsonlSessionStore } from "../src/jsonl-session-store.js";
import { assistantMsg, compaction, header, jsonl, texts, title, userMsg } from "./session-fixtures.js";

function project(records: Parameters<typeof jsonl>[0]) {
  const dir = mkdtempSync(join(tmpdir(), "keel-fork-"));
  writeFileSync(join(dir, "src.jsonl"), jsonl(records));
  return { dir, store: new JsonlSessionStore({ dir }), sourcePath: join(dir, "src.jsonl") };
}

describe("forking a session", () => {
  it("starts a new session with the parent's history from its last boundary", async () => {
    const big = "y".repeat(50_000);
    const { dir, store, sourcePath } = project([
      header("src", { model: "model-a" }),
      userMsg("u1", "Fix the bug"),
      title("Fix the bug"),
      assistantMsg("a1", big),
      userMsg("u2", "kept"),
      compaction("c1", "u2"),
      assistantMsg("a2", "after"),
    ]);
    const sourceBefore = readFileSync(sourcePath);
    const { log, loaded } = await store.fork("src", { sessionId: "child" });
    expect(loaded.header).toMatchObject({
      sessionId: "child",
      parentSessionId: "src",
      model: "model-a",
      cwd: "/w",
    });
    expect(loaded.compaction?.uuid).toBe("c1");
    expect(texts(loaded.messages)).toEqual(["kept", "after"]);
    expect(loaded.title).toBe("Fix the bug (fork)");
    // Only the loaded range was copied, not the compacted-away history.
    expect(statSync(join(dir, "child.jsonl")).size).toBeLessThan(2_000);

    await log.append(userMsg("u3", "only in the fork"));
    await log.close();
    expect(readFileSync(sourcePath).equals(sourceBefore)).toBe(true);
    const reopened = await store.open("child");
    await reopened.log.close();
    expect(texts(reopened.loaded.messages)).toEqual(["kept", "after", "only in the fork"]);
    const listed = await store.list();
    expect(listed.find((s) => s.sessionId === "child")).toMatchObject({
      parentSessionId: "src",
      title: "Fix the bug (fork)",
    });
  });

  it("copies the whole conversation of a session without a boundary, and a new id by default", async () => {
    const { store } = project([header("src"), userMsg("u1", "one"), assistantMsg("a1", "two")]);
    const { log, loaded } = await store.fork("src", { model: "model-b" });
    await log.close();
    expect(loaded.header.sessionId).not.toBe("src");
    expect(loaded.header.model).toBe("model-b");
    expect(texts(loaded.messages)).toEqual(["one", "two"]);
    expect(loaded.compaction).toBeUndefined();
  });

  it("leaves the parent's torn last line alone and does not copy it", async () => {
    const { store, sourcePath } = project([header("src"), userMsg("u1", "one")]);
    appendFileSync(sourcePath, '{"type":"mess');
    const { log, loaded } = await store.fork("src", { sessionId: "child" });
    await log.close();
    expect(texts(loaded.messages)).toEqual(["one"]);
    expect(loaded.warnings).toEqual([]);
    expect(readFileSync(sourcePath, "utf8").endsWith('{"type":"mess')).toBe(true);
  });

  it("refuses to fork a session that does not exist", async () => {
    const { store } = project([header("src")]);
    await expect(store.fork("nope")).rejects.toMatchObject({ kind: "session_not_found" });
  });
});
