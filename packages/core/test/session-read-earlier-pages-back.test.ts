import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message, MessageRecord } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { JsonlSessionStore } from "../src/jsonl-session-store.js";
import {
  assistantMsg,
  compaction,
  header,
  jsonl,
  texts,
  userMsg,
  writeSparseSession,
} from "./session-fixtures.js";

const MB = 1024 * 1024;

describe("reading earlier history for scroll-back", () => {
  it("pages back from the loaded range to the start, oldest first, including boundaries", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-earlier-"));
    const all: MessageRecord[] = [];
    const records: Parameters<typeof jsonl>[0] = [header("s")];
    for (let i = 0; i < 10; i++) {
      const m = i % 2 === 0 ? userMsg(`m${i}`, `t${i}`) : assistantMsg(`m${i}`, `t${i}`);
      all.push(m);
      records.push(m);
      if (i === 4) records.push(compaction("c1", "m2"));
    }
    records.push(compaction("c2", "m8"), userMsg("m10", "t10"));
    writeFileSync(join(dir, "s.jsonl"), jsonl(records));
    const store = new JsonlSessionStore({ dir });
    const { loaded, log } = await store.open("s");
    await log.close();
    expect(texts(loaded.messages)).toEqual(["t8", "t9", "t10"]);
    expect(loaded.earlierBefore).toBe("m8");

    const shown: Message[] = [...loaded.messages];
    const boundaries: string[] = [];
    let before = loaded.earlierBefore!;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(10);
      const page = await store.readEarlier("s", before, 3);
      expect(page.warnings).toEqual([]);
      const messages = page.records.flatMap((r) => (r.type === "message" ? [r.message] : []));
      expect(messages.length).toBeLessThanOrEqual(3);
      shown.unshift(...messages);
      boundaries.unshift(...page.records.filter((r) => r.type === "compaction").map((r) => r.uuid));
      if (page.reachedStart) break;
      before = page.records[0]!.uuid;
    }
    expect(texts(shown)).toEqual([...texts(all.map((r) => r.message)), "t10"]);
    expect(boundaries).toEqual(["c1"]);
  });

  it("finds a cursor it has not seen by searching backwards, and reads little of a big file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-earlier-"));
    const tail = jsonl([
      userMsg("m1", "one"),
      assistantMsg("m2", "two"),
      userMsg("m3", "three"),
      compaction("c1", "m3"),
      assistantMsg("m4", "four"),
    ]);
    writeSparseSession(join(dir, "big.jsonl"), jsonl([header("big")]), tail, 50 * MB);
    const store = new JsonlSessionStore({ dir });
    const page = await store.readEarlier("big", "m3", 2);
    expect(texts(page.records.map((r) => (r as MessageRecord).message))).toEqual(["one", "two"]);
    expect(page.reachedStart).toBe(false);
    expect(store.readStats.bytes).toBeLessThan(MB);
  });

  it("returns nothing, with a warning, for a cursor that is not in the session", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-earlier-"));
    writeFileSync(join(dir, "s.jsonl"), jsonl([header("s"), userMsg("m1", "one")]));
    const page = await new JsonlSessionStore({ dir }).readEarlier("s", "nope", 5);
    expect(page).toMatchObject({ records: [], reachedStart: true });
    expect(page.warnings[0]).toMatch(/No record nope/);
  });
});
