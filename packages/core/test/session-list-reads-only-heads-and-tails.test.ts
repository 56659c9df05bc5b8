import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionRecord } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { JsonlSessionStore } from "../src/jsonl-session-store.js";
import { assistantMsg, header, jsonl, title, userMsg, writeSparseSession } from "./session-fixtures.js";

const MB = 1024 * 1024;

describe("listing a project's sessions", () => {
  it("lists 1,000 sessions of 10 MB each by reading only their heads and tails", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-list-"));
    const count = 1000;
    for (let i = 0; i < count; i++) {
      const id = `s${String(i).padStart(4, "0")}`;
      const created = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      const head = jsonl([
        header(id, { created }),
        userMsg(`${id}-p`, `Prompt number ${i}\nmore`),
        title(`Prompt number ${i}`),
      ]);
      const tailRecords: SessionRecord[] = [assistantMsg(`${id}-a`, "answer")];
      if (i % 100 === 7) tailRecords.push(title(`Renamed ${i}`));
      const path = join(dir, `${id}.jsonl`);
      writeSparseSession(path, head, jsonl(tailRecords), 10 * MB);
      const t = 1_700_000_000 + i;
      utimesSync(path, t, t);
    }
    writeFileSync(join(dir, "notes.txt"), "not a session");
    writeFileSync(join(dir, "broken.jsonl"), "not json\n");
    mkdirSync(join(dir, "s0001"));

    const store = new JsonlSessionStore({ dir });
    const sessions = await store.list();
    expect(sessions).toHaveLength(count);
    // Heads and tails only: at most 16 KB each per file, against 10 GB of sessions.
    expect(store.readStats.bytes).toBeLessThanOrEqual(count * 32 * 1024 + 64 * 1024);
    // Newest first.
    expect(sessions[0]).toMatchObject({
      sessionId: "s0999",
      path: join(dir, "s0999.jsonl"),
      title: "Prompt number 999",
      firstPrompt: "Prompt number 999\nmore",
      created: new Date(Date.UTC(2026, 0, 1, 0, 0, 999)).toISOString(),
      modified: new Date((1_700_000_000 + 999) * 1000).toISOString(),
      sizeBytes: 10 * MB,
      parentSessionId: null,
    });
    expect(sessions.at(-1)?.sessionId).toBe("s0000");
    // A later title record (a rename) in the tail wins over the head's.
    expect(sessions.find((s) => s.sessionId === "s0107")?.title).toBe("Renamed 107");
    expect(sessions.find((s) => s.sessionId === "s0108")?.title).toBe("Prompt number 108");
  });

  it("reads a longer head only when the first prompt does not fit in the first 16 KB", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-list-"));
    const long = `Refactor the parser ${"and more ".repeat(5000)}`;
    writeSparseSession(join(dir, "long.jsonl"), jsonl([header("long"), userMsg("p", long)]), "", 5 * MB);
    writeFileSync(join(dir, "empty.jsonl"), jsonl([header("empty")]));
    const store = new JsonlSessionStore({ dir });
    const sessions = await store.list();
    const byId = new Map(sessions.map((s) => [s.sessionId, s]));
    expect(byId.get("long")?.title).toBe(
      `${`Refactor the parser ${"and more ".repeat(8)}`.slice(0, 79).trimEnd()}…`,
    );
    expect(byId.get("long")?.firstPrompt.length).toBeLessThanOrEqual(501);
    expect(byId.get("empty")).toMatchObject({ title: "", firstPrompt: "" });
    expect(store.readStats.bytes).toBeLessThan(MB);
  });

  it("is empty for a project without sessions", async () => {
    const store = new JsonlSessionStore({ dir: join(tmpdir(), "keel-list-none", String(Date.now())) });
    expect(await store.list()).toEqual([]);
    expect(await store.latest()).toBeUndefined();
  });
});
