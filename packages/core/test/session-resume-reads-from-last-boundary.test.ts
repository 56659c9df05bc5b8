import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionRecord } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { JsonlSessionStore } from "../src/jsonl-session-store.js";
import { parseSessionText } from "../src/session-text.js";
import {
  assistantMsg,
  compaction,
  header,
  jsonl,
  texts,
  title,
  userMsg,
  writeSparseSession,
} from "./session-fixtures.js";

const MB = 1024 * 1024;

describe("resuming a session reads from its last compaction boundary", () => {
  it("loads a 100 MB session whose boundary is near the end by reading a few hundred KB", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-resume-"));
    const head = jsonl([header("big"), userMsg("p1", "first prompt"), title("first prompt")]);
    const tail = jsonl([
      userMsg("m1", "old question"),
      assistantMsg("m2", "old answer"),
      userMsg("m3", "kept question"),
      assistantMsg("m4", "kept answer"),
      compaction("c1", "m3"),
      userMsg("m5", "after"),
      assistantMsg("m6", "done"),
    ]);
    writeSparseSession(join(dir, "big.jsonl"), head, tail, 100 * MB);
    const store = new JsonlSessionStore({ dir });
    const { loaded, log } = await store.open("big");
    await log.close();
    expect(loaded.compaction).toMatchObject({
      uuid: "c1",
      firstKeptUuid: "m3",
      summary: "summary before c1",
    });
    // Kept messages, then what follows the boundary; no summary message (the Agent builds it).
    expect(texts(loaded.messages)).toEqual(["kept question", "kept answer", "after", "done"]);
    expect(loaded.messageUuids).toEqual(["m3", "m4", "m5", "m6"]);
    expect(loaded.title).toBe("first prompt");
    expect(loaded.earlierBefore).toBe("m3");
    expect(loaded.warnings).toEqual([]);
    // The hole in the middle (one 100 MB corrupt line) was never read.
    expect(store.readStats.bytes).toBeLessThan(MB);
  });

  it("reads only the part of a real (dense) file that follows the boundary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-resume-"));
    const filler = "x".repeat(10_000);
    const records: SessionRecord[] = [header("dense"), userMsg("p0", "start")];
    for (let i = 0; i < 800; i++) records.push(assistantMsg(`a${i}`, filler), userMsg(`u${i}`, `q${i}`));
    records.push(compaction("c1", "u797"), assistantMsg("z1", "latest"));
    writeFileSync(join(dir, "dense.jsonl"), jsonl(records));
    const size = statSync(join(dir, "dense.jsonl")).size;
    const store = new JsonlSessionStore({ dir });
    const { loaded, log } = await store.open("dense");
    await log.close();
    expect(texts(loaded.messages)).toEqual(["q797", filler, "q798", filler, "q799", "latest"]);
    expect(store.readStats.bytes).toBeLessThan(size / 10);
  });

  it("uses the last of several boundaries and ignores boundaries inside the kept range", async () => {
    const text = jsonl([
      header("s"),
      userMsg("u1", "one"),
      compaction("c1", null),
      userMsg("u2", "two"),
      assistantMsg("a2", "two!"),
      compaction("c2", "u2"),
      userMsg("u3", "three"),
      compaction("c3", "u3"),
      assistantMsg("a3", "three!"),
    ]);
    const dir = mkdtempSync(join(tmpdir(), "keel-resume-"));
    writeFileSync(join(dir, "s.jsonl"), text);
    const { loaded, log } = await new JsonlSessionStore({ dir }).open("s");
    await log.close();
    expect(loaded.compaction?.uuid).toBe("c3");
    expect(texts(loaded.messages)).toEqual(["three", "three!"]);
    // The whole-text parser gives the same history.
    const parsed = parseSessionText(text, "s.jsonl");
    expect(texts(parsed.messages)).toEqual(["three", "three!"]);
    expect(parsed.messageUuids).toEqual(loaded.messageUuids);
    expect(parsed.compaction?.uuid).toBe("c3");
  });

  it("keeps no message from before a boundary that kept none, and says where earlier history starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-resume-"));
    writeFileSync(
      join(dir, "s.jsonl"),
      jsonl([header("s"), userMsg("u1", "one"), compaction("c1", null), userMsg("u2", "two")]),
    );
    const { loaded, log } = await new JsonlSessionStore({ dir }).open("s");
    await log.close();
    expect(texts(loaded.messages)).toEqual(["two"]);
    expect(loaded.earlierBefore).toBe("c1");
  });

  it("loads only what follows the boundary, with a warning, when the first kept message is missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-resume-"));
    writeFileSync(
      join(dir, "s.jsonl"),
      jsonl([header("s"), userMsg("u1", "one"), compaction("c1", "gone"), userMsg("u2", "two")]),
    );
    const { loaded, log } = await new JsonlSessionStore({ dir }).open("s");
    await log.close();
    expect(texts(loaded.messages)).toEqual(["two"]);
    expect(loaded.warnings.join("\n")).toMatch(/first kept message gone .*not found/);
  });

  it("returns state records of the loaded range only: file reads before the kept messages are dropped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-resume-"));
    const read = (path: string) => ({ type: "file_read" as const, path, mtimeMs: 1, sha256: "h" });
    writeFileSync(
      join(dir, "s.jsonl"),
      jsonl([
        header("s"),
        userMsg("u1", "one"),
        read("/before"),
        userMsg("u2", "two"),
        read("/kept"),
        compaction("c1", "u2"),
        read("/after"),
        { type: "todos", todos: [{ content: "t", status: "pending", activeForm: "Doing t" }] },
      ]),
    );
    const { loaded, log } = await new JsonlSessionStore({ dir }).open("s");
    await log.close();
    expect(loaded.state.map((r) => (r.type === "file_read" ? r.path : r.type))).toEqual([
      "/kept",
      "/after",
      "todos",
    ]);
    expect(readFileSync(join(dir, "s.jsonl"), "utf8")).toContain("/before");
  });
});
