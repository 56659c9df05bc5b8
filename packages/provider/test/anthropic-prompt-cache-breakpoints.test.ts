import type { Message } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { MAX_CACHE_BREAKPOINTS, toWireRequestBody } from "../src/index.js";
import { collect, modelRequest, startAnthropic, userText, wireBody } from "./anthropic-harness.js";

const MARKER = '"cache_control":{"type":"ephemeral"}';

function markerEnds(raw: string): number[] {
  const ends: number[] = [];
  for (let at = raw.indexOf(MARKER); at >= 0; at = raw.indexOf(MARKER, at + 1)) ends.push(at + MARKER.length);
  return ends;
}
const withoutMarkers = (raw: string) => raw.replaceAll(`,${MARKER}`, "");

describe("Anthropic prompt-cache breakpoints", () => {
  it("keeps each request's bytes up to its final breakpoint as a prefix of the next request", async () => {
    const { server, provider } = await startAnthropic({
      script: [
        {
          content: [
            { type: "text", text: "Reading." },
            { type: "tool_use", name: "Read", input: { file_path: "/a" } },
          ],
        },
        { content: [{ type: "tool_use", name: "Read", input: { file_path: "/b" } }] },
        { content: [{ type: "text", text: "Both files export nothing." }] },
      ],
    });
    const context = "Today is 2026-01-01. git status: clean.";
    const messages: Message[] = [userText("compare a and b")];
    for (let turn = 0; turn < 3; turn++) {
      const { response } = await collect(
        provider.stream(modelRequest(messages, { context }), new AbortController().signal),
      );
      messages.push(response.message);
      const call = response.message.content.find((b) => b.type === "tool_use");
      if (call)
        messages.push({
          role: "user",
          content: [{ type: "tool_result", toolUseId: call.id, content: `contents ${turn}` }],
        });
    }
    expect(server.requests.map((r) => r.status)).toEqual([200, 200, 200]);
    const raws = server.requests.map((r) => r.rawBody);

    for (let n = 0; n + 1 < raws.length; n++) {
      const previous = raws[n] ?? "";
      const next = raws[n + 1] ?? "";
      const end = markerEnds(previous).at(-1) ?? 0;
      // The content up to request N's final breakpoint is repeated byte for byte …
      expect(withoutMarkers(next).startsWith(withoutMarkers(previous.slice(0, end)))).toBe(true);
      // … and request N's final breakpoint block is still marked in request N+1 (cache read).
      const nextEnds = markerEnds(next);
      const marked = nextEnds.map((e) => withoutMarkers(next.slice(0, e)).length);
      expect(marked).toContain(withoutMarkers(previous.slice(0, end)).length);
    }
    // With no older message breakpoint before it, the literal prefix (marker included) holds.
    const end0 = markerEnds(raws[0] ?? "").at(-1) ?? 0;
    expect(raws[1]?.startsWith(raws[0]?.slice(0, end0) ?? "")).toBe(true);

    for (const raw of raws) expect(markerEnds(raw).length).toBeLessThanOrEqual(MAX_CACHE_BREAKPOINTS);
    const last = wireBody(server, 2);
    expect(last.system?.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
    expect(last.messages[0]?.content[0]).toEqual({ type: "text", text: context });
    expect(last.messages.at(-1)?.content.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
    // The user message before the last assistant message carries the previous final breakpoint.
    expect(last.messages[2]?.content.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
    expect(markerEnds(raws[2] ?? "")).toHaveLength(3);
  });

  it("never marks thinking blocks or empty text, and falls back to the last tool without a system prompt", () => {
    const body = toWireRequestBody(
      modelRequest(
        [
          userText("hi"),
          {
            role: "assistant",
            content: [
              { type: "text", text: "" },
              { type: "thinking", thinking: "hmm", signature: "s" },
            ],
          },
          {
            role: "user",
            content: [
              { type: "text", text: "again" },
              { type: "text", text: "" },
            ],
          },
          { role: "assistant", content: [{ type: "redacted_thinking", data: "d" }] },
        ],
        { system: "" },
      ),
    );
    expect(body.system).toBeUndefined();
    expect(body.tools?.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
    const raw = JSON.stringify(body);
    expect(body.messages[1]?.content).toEqual([{ type: "thinking", thinking: "hmm", signature: "s" }]);
    expect(body.messages[3]?.content).toEqual([{ type: "redacted_thinking", data: "d" }]);
    expect(body.messages[2]?.content).toEqual([
      { type: "text", text: "again", cache_control: { type: "ephemeral" } },
    ]);
    expect(markerEnds(raw).length).toBe(2);
  });
});
