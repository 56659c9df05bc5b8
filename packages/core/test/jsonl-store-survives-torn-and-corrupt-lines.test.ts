import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionHeaderRecord } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { CoreError } from "../src/core-error.js";
import { cwdSlug, JsonlSessionStore } from "../src/jsonl-session-store.js";

function header(id: string): SessionHeaderRecord {
  return {
    type: "header",
    version: 1,
    sessionId: id,
    cwd: "/w",
    model: "m",
    created: "2026-01-01T00:00:00Z",
    parentSessionId: null,
  };
}

const msg = (text: string) => ({
  type: "message" as const,
  uuid: text,
  timestamp: "2026-01-01T00:00:00Z",
  message: { role: "user" as const, content: [{ type: "text" as const, text }] },
});

describe("JsonlSessionStore", () => {
  it("writes one line per record, readable back in order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-store-"));
    const store = new JsonlSessionStore({ dir });
    const log = await store.create(header("s1"));
    await log.append(msg("a"));
    await log.append(msg("b"));
    // Written before append resolves (no buffering): visible to a reader right away.
    const lines = readFileSync(join(dir, "s1.jsonl"), "utf8").trim().split("\n");
    // The first prompt also titles the session (a title record right before it).
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(["header", "title", "message", "message"]);
    await log.close();
    const { loaded, log: log2 } = await store.open("s1");
    await log2.close();
    expect(loaded.messages.map((m) => m.content[0])).toEqual([
      { type: "text", text: "a" },
      { type: "text", text: "b" },
    ]);
    expect(loaded.warnings).toEqual([]);
  });

  it("ignores a torn last line silently and keeps appending on a fresh line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-store-"));
    const store = new JsonlSessionStore({ dir });
    const log = await store.create(header("s2"));
    await log.append(msg("kept"));
    await log.close();
    appendFileSync(join(dir, "s2.jsonl"), '{"type":"message","uuid":"x","mess');
    const { loaded, log: log2 } = await store.open("s2");
    expect(loaded.messages).toHaveLength(1);
    expect(loaded.warnings).toEqual([]);
    await log2.append(msg("after"));
    await log2.close();
    const again = await store.open("s2");
    await again.log.close();
    expect(again.loaded.messages.map((m) => (m.content[0] as { text: string }).text)).toEqual([
      "kept",
      "after",
    ]);
    // The torn bytes were cut off: later loads are clean.
    expect(again.loaded.warnings).toEqual([]);
    expect(readFileSync(join(dir, "s2.jsonl"), "utf8")).not.toContain('"mess\n');
  });

  it("skips a corrupt line in the middle with a warning naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-store-"));
    const lines = [header("s3"), msg("one"), "{not json", msg("two")].map((r) =>
      typeof r === "string" ? r : JSON.stringify(r),
    );
    writeFileSync(join(dir, "s3.jsonl"), `${lines.join("\n")}\n`);
    const { loaded, log } = await new JsonlSessionStore({ dir }).open("s3");
    await log.close();
    expect(loaded.messages).toHaveLength(2);
    expect(loaded.warnings[0]).toMatch(/line 3/);
  });

  it("finds the most recent session and reports a missing one clearly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-store-"));
    const store = new JsonlSessionStore({ dir });
    expect(await store.latest()).toBeUndefined();
    await (await store.create(header("old"))).close();
    await new Promise((r) => setTimeout(r, 20));
    await (await store.create(header("new"))).close();
    expect(await store.latest()).toBe("new");
    await expect(store.open("nope")).rejects.toBeInstanceOf(CoreError);
    await expect(store.open("../etc/passwd")).rejects.toThrow(/Invalid session id/);
  });

  it("slugs the cwd like Claude Code", () => {
    expect(cwdSlug("/home/me/my.project")).toBe("-home-me-my-project");
  });
});
