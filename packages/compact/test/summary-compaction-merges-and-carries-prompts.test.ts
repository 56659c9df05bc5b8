import type { CompactionRecord, Message, TextBlock } from "@keel/protocol";
import { ProviderError, ScriptedProvider } from "@keel/provider";
import { describe, expect, it } from "vitest";
import {
  boundaryMessages,
  CompactError,
  compactHistory,
  findPairViolations,
  isBoundaryMessage,
  SUMMARY_SYSTEM_PROMPT,
} from "../src/index.js";

function prompt(text: string): Message {
  return { role: "user", content: [{ type: "text", text }] };
}

/** A prompt followed by `n` tool turns with ~1K-token results and an answer. */
function session(tag: string, n: number): Message[] {
  const out: Message[] = [prompt(`${tag}: please do the thing`)];
  for (let i = 0; i < n; i++) {
    out.push({
      role: "assistant",
      content: [
        { type: "text", text: `${tag} step ${i}` },
        { type: "tool_use", id: `${tag}-${i}`, name: "Read", input: { file_path: `src/${tag}${i}.ts` } },
      ],
    });
    out.push({
      role: "user",
      content: [{ type: "tool_result", toolUseId: `${tag}-${i}`, content: "z".repeat(4_000) }],
    });
  }
  out.push({ role: "assistant", content: [{ type: "text", text: `${tag} finished` }] });
  return out;
}

function summarizer(replies: string[] = []) {
  let n = 0;
  const provider = new ScriptedProvider(() => ({
    content: [{ type: "text", text: `<summary>${replies[n++] ?? `summary #${n}`}</summary>` }],
  }));
  return { provider, options: { provider, model: "m", maxTokens: 1_000, inputTokens: 50_000 } };
}

function textOf(m: Message): string {
  return m.content.map((b) => (b.type === "text" ? (b as TextBlock).text : "")).join("");
}

describe("compactHistory", () => {
  it("summarizes before a pair-safe boundary, keeps recent turns, and records every prompt verbatim", async () => {
    const { provider, options } = summarizer(["first summary"]);
    const messages = [...session("A", 6), ...session("B", 6)];
    const uuids = messages.map((_, i) => `u${i}`);
    const result = await compactHistory({
      messages,
      uuids,
      trigger: "auto",
      keepTokens: 3_000,
      summarizer: options,
    });

    expect(result.record.strategy).toBe("summary");
    expect(result.record.summary).toBe("first summary");
    expect(result.keptFrom).toBeGreaterThan(0);
    expect(result.record.firstKeptUuid).toBe(`u${result.keptFrom}`);
    const kept = result.messages.slice(1);
    expect(kept).toEqual(messages.slice(result.keptFrom));
    expect(findPairViolations(result.messages)).toEqual([]);
    expect(kept[0]!.content.some((b) => b.type === "tool_result")).toBe(false);
    expect(isBoundaryMessage(result.messages[0]!)).toBe(true);
    // Prompts in the summarized part, Keel's copy, verbatim.
    expect(result.record.userPrompts).toEqual(["A: please do the thing", "B: please do the thing"]);
    expect(result.record.postTokens).toBeLessThan(result.record.preTokens);

    // The summary request: a transcript with results cut short, the structure asked for, no tools.
    const req = provider.requests[0]!;
    expect(req.system).toBe(SUMMARY_SYSTEM_PROMPT);
    expect(req.tools).toEqual([]);
    const body = textOf(req.messages[0]!);
    expect(body).toContain("User: A: please do the thing");
    expect(body).toContain("Result of Read(src/A0.ts)");
    expect(body).not.toContain("z".repeat(2_000));
    expect(body).toMatch(/User requests[\s\S]*Files[\s\S]*Errors[\s\S]*Open work/);
  });

  it("merges the previous summary on re-compaction and carries prompts through any number of compactions", async () => {
    const { provider, options } = summarizer(["S1", "S2", "S3"]);
    let history: Message[] = [];
    let uuids: (string | undefined)[] = [];
    let previous: CompactionRecord | undefined;
    let counter = 0;
    for (const tag of ["A", "B", "C"]) {
      const added = session(tag, 5);
      history = [...history, ...added];
      uuids = [...uuids, ...added.map(() => `u${counter++}`)];
      const r = await compactHistory({
        messages: history,
        uuids,
        ...(previous ? { previous } : {}),
        trigger: "auto",
        keepTokens: 2_500,
        summarizer: options,
      });
      previous = r.record;
      history = r.messages;
      uuids = [undefined, ...uuids.slice(r.keptFrom)];
    }
    expect(previous!.summary).toBe("S3");
    // Each prompt exactly once, oldest first: merged from the previous record, never duplicated.
    expect(previous!.userPrompts).toEqual([
      "A: please do the thing",
      "B: please do the thing",
      "C: please do the thing",
    ]);
    const rendered = history.map(textOf).join("\n");
    for (const tag of ["A", "B", "C"]) expect(rendered).toContain(`${tag}: please do the thing`);
    // The second and third requests got the previous summary once, as an earlier summary, not the boundary text nested.
    const third = textOf(provider.requests[2]!.messages[0]!);
    expect(third).toContain("<earlier-summary>\nS2\n</earlier-summary>");
    expect(third).not.toContain("<compaction-boundary>");
    expect(third).not.toContain("S1");
    // Boundary message appears exactly once in the new history.
    expect(history.filter(isBoundaryMessage)).toHaveLength(1);
  });

  it("cuts very long prompts with a marker and skips messages the caller marks synthetic", async () => {
    const { options } = summarizer();
    const long = `BEGIN ${"q".repeat(30_000)} END`;
    const messages: Message[] = [
      prompt(long),
      prompt("Continue where you left off."),
      prompt("<task-notification>x</task-notification>"),
      ...session("A", 3),
    ];
    const r = await compactHistory({
      messages,
      uuids: messages.map((_, i) => `u${i}`),
      synthetic: messages.map((_, i) => i === 1),
      trigger: "manual",
      keepTokens: 0,
      summarizer: options,
    });
    expect(r.record.userPrompts).toHaveLength(2);
    const [cut, second] = r.record.userPrompts;
    expect(cut!.length).toBeLessThan(11_000);
    expect(cut).toMatch(/^BEGIN q+\n\[… \d+ characters of this message cut by Keel …\]\nq+ END$/);
    expect(second).toBe("A: please do the thing");
  });

  it("falls back to pair-safe truncation when the summary request fails", async () => {
    const provider = new ScriptedProvider(() => ({
      error: new ProviderError({ kind: "invalid_request", message: "bad summary request", retryable: false }),
    }));
    const messages = session("A", 6);
    const r = await compactHistory({
      messages,
      uuids: messages.map((_, i) => `u${i}`),
      previous: { summary: "OLD", userPrompts: ["zero"] },
      trigger: "auto",
      keepTokens: 2_500,
      summarizer: { provider, model: "m", maxTokens: 100, inputTokens: 10_000 },
    });
    expect(r.record.strategy).toBe("truncation");
    expect(r.summaryError).toContain("bad summary request");
    expect(r.record.summary).toMatch(/^OLD\n\n\(\d+ earlier messages were removed without a summary/);
    expect(r.record.userPrompts).toEqual(["zero", "A: please do the thing"]);
    expect(findPairViolations(r.messages)).toEqual([]);
    expect(r.messages.slice(1)).toEqual(messages.slice(r.keptFrom));
  });

  it("summarizes a history larger than the summarizer's input in chunks, folding each summary into the next", async () => {
    const { provider, options } = summarizer(["part1", "part2", "part3", "part4", "part5"]);
    const messages = session("A", 20);
    const r = await compactHistory({
      messages,
      uuids: messages.map((_, i) => `u${i}`),
      trigger: "auto",
      keepTokens: 500,
      summarizer: { ...options, inputTokens: 2_000 },
    });
    expect(provider.requests.length).toBeGreaterThan(1);
    expect(r.record.summary).toBe(`part${provider.requests.length}`);
    expect(textOf(provider.requests[1]!.messages[0]!)).toContain(
      "<earlier-summary>\npart1\n</earlier-summary>",
    );
  });

  it("throws aborted when the caller aborts, and nothing_to_compact for an empty history", async () => {
    const controller = new AbortController();
    controller.abort();
    const { options } = summarizer();
    const messages = session("A", 3);
    await expect(
      compactHistory({
        messages,
        uuids: messages.map((_, i) => `u${i}`),
        trigger: "manual",
        keepTokens: 0,
        summarizer: { ...options, signal: controller.signal },
      }),
    ).rejects.toMatchObject({ kind: "aborted" });
    await expect(
      compactHistory({ messages: [], uuids: [], trigger: "manual", keepTokens: 0 }),
    ).rejects.toBeInstanceOf(CompactError);
  });
});

describe("boundaryMessages", () => {
  it("renders the summary and every prompt; over budget keeps the first and the latest", () => {
    const record = { summary: "SUM", userPrompts: ["first!", "p2", "p3", "p4-long".repeat(10), "last"] };
    const [all] = boundaryMessages(record);
    const text = textOf(all!);
    expect(text).toContain("<summary>\nSUM\n</summary>");
    for (const p of record.userPrompts) expect(text).toContain(p);
    const [cut] = boundaryMessages(record, { maxPromptChars: 80 });
    const small = textOf(cut!);
    expect(small).toContain("first!");
    expect(small).toContain("last");
    expect(small).toContain("p4-long");
    expect(small).toContain("[… 2 earlier user messages omitted here for space");
    expect(small).not.toContain('<user-message n="2">');
  });
});
