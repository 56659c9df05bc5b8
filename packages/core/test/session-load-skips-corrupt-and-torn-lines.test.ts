import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CoreError } from "../src/core-error.js";
import { JsonlSessionStore } from "../src/jsonl-session-store.js";
import { assistantMsg, compaction, header, jsonl, texts, userMsg } from "./session-fixtures.js";

function session(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "keel-corrupt-"));
  writeFileSync(join(dir, "s.jsonl"), text);
  return { store: new JsonlSessionStore({ dir }), path: join(dir, "s.jsonl") };
}

describe("loading a session with damaged lines", () => {
  it("names the line number of a corrupt line when the whole file was read (no boundary)", async () => {
    const { store } = session(
      jsonl([header("s"), userMsg("u1", "one"), "{not json", "[1,2]", userMsg("u2", "two")]),
    );
    const { loaded, log } = await store.open("s");
    await log.close();
    expect(texts(loaded.messages)).toEqual(["one", "two"]);
    expect(loaded.warnings).toEqual([
      expect.stringMatching(/^Skipped corrupt line 3 of .*s\.jsonl$/),
      expect.stringMatching(/^Skipped corrupt line 4 of /),
    ]);
  });

  it("names the byte offset of a corrupt line read backwards from a boundary", async () => {
    const before = jsonl([header("s"), userMsg("u1", "one"), compaction("c1", null), userMsg("u2", "two")]);
    const { store } = session(`${before}{"type":"message",oops\n${jsonl([assistantMsg("a2", "two!")])}`);
    const { loaded, log } = await store.open("s");
    await log.close();
    expect(texts(loaded.messages)).toEqual(["two", "two!"]);
    expect(loaded.warnings).toEqual([
      expect.stringMatching(new RegExp(`line at byte ${Buffer.byteLength(before)} of`)),
    ]);
  });

  it("names the byte offset of a corrupt line inside the kept range", async () => {
    const start = jsonl([header("s"), userMsg("u1", "one")]);
    const text = `${start}garbage\n${jsonl([assistantMsg("a1", "one!"), compaction("c1", "u1"), userMsg("u2", "two")])}`;
    const { store } = session(text);
    const { loaded, log } = await store.open("s");
    await log.close();
    expect(texts(loaded.messages)).toEqual(["one", "one!", "two"]);
    expect(loaded.warnings).toEqual([expect.stringContaining(`line at byte ${Buffer.byteLength(start)} of`)]);
  });

  it("cuts a torn last line off the file, silently, and appends on a fresh line", async () => {
    const good = jsonl([header("s"), userMsg("u1", "one"), compaction("c1", "u1")]);
    const { store, path } = session(`${good}{"type":"message","uuid":"x","mess`);
    const { loaded, log } = await store.open("s");
    expect(texts(loaded.messages)).toEqual(["one"]);
    expect(loaded.warnings).toEqual([]);
    expect(readFileSync(path, "utf8")).toBe(good);
    await log.append(userMsg("u2", "two"));
    await log.close();
    const again = await store.open("s");
    await again.log.close();
    expect(texts(again.loaded.messages)).toEqual(["one", "two"]);
  });

  it("keeps a complete last record whose newline was lost, and adds the newline", async () => {
    const { store, path } = session(
      jsonl([header("s"), userMsg("u1", "one")]) + JSON.stringify(userMsg("u2", "two")),
    );
    const { loaded, log } = await store.open("s");
    expect(texts(loaded.messages)).toEqual(["one", "two"]);
    await log.append(assistantMsg("a", "three"));
    await log.close();
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l).uuid ?? JSON.parse(l).type)).toEqual(["header", "u1", "u2", "a"]);
  });

  it("skips unknown record types and refuses a newer format or a missing header", async () => {
    const unknown = session(jsonl([header("s"), { type: "future", x: 1 } as never, userMsg("u1", "one")]));
    const opened = await unknown.store.open("s");
    await opened.log.close();
    expect(texts(opened.loaded.messages)).toEqual(["one"]);
    expect(opened.loaded.warnings).toEqual([]);

    const newer = session(jsonl([header("s", { version: 99 })]));
    await expect(newer.store.open("s")).rejects.toMatchObject({ kind: "session_version" });
    const headless = session(jsonl([userMsg("u1", "one")]));
    await expect(headless.store.open("s")).rejects.toBeInstanceOf(CoreError);
    await expect(headless.store.open("s")).rejects.toMatchObject({ kind: "session_corrupt" });
    const torn = session('{"type":"head');
    await expect(torn.store.open("s")).rejects.toMatchObject({ kind: "session_corrupt" });
  });

  it("does not warn again about a torn line appended by a later crash", async () => {
    const { store, path } = session(jsonl([header("s"), userMsg("u1", "one")]));
    appendFileSync(path, '{"type":"title","ti');
    const first = await store.open("s");
    await first.log.close();
    const second = await store.open("s");
    await second.log.close();
    expect([...first.loaded.warnings, ...second.loaded.warnings]).toEqual([]);
  });
});
