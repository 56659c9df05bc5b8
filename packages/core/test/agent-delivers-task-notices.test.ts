import { readFileSync } from "node:fs";
import type { Message, SessionRecord } from "@keel/protocol";
import { type ModelRequest, ScriptedProvider, type ScriptedTurn } from "@keel/provider";
import { describe, expect, it } from "vitest";
import { makeAgent, toolUse } from "./agent-fixtures.js";

function recording(turns: ScriptedTurn[]) {
  const requests: ModelRequest[] = [];
  const provider = new ScriptedProvider((request, index) => {
    requests.push(structuredClone(request));
    return turns[index] ?? { content: [{ type: "text", text: "extra" }] };
  });
  return { provider, requests };
}

function text(m: Message | undefined): string {
  return (m?.content ?? []).map((b) => (b.type === "text" ? b.text : "")).join("");
}

/** A notice source: each call returns (and removes) what is queued. */
function queue() {
  const pending: string[] = [];
  let calls = 0;
  return {
    pending,
    get calls() {
      return calls;
    },
    take: () => {
      calls++;
      return pending.splice(0);
    },
  };
}

describe("task notices", () => {
  it("are stored as one synthetic user message before the next model request", async () => {
    const q = queue();
    const { provider, requests } = recording([
      { content: [toolUse("t1", "Echo", { text: "a" })] },
      { content: [{ type: "text", text: "done" }] },
    ]);
    const { agent, events, log } = await makeAgent(provider, {
      takeNotices: q.take,
      interceptors: {
        afterToolCall: async () => {
          q.pending.push('Background command task b1 ("sleep 2 && echo done") completed (exit code 0).');
          q.pending.push("<task-notification>\nalready wrapped\n</task-notification>");
          return undefined;
        },
      },
    });
    const result = await agent.run("go");
    expect(result.subtype).toBe("success");
    const second = requests[1]!;
    expect(text(second.messages.at(-1))).toBe(
      '<task-notification>\nBackground command task b1 ("sleep 2 && echo done") completed (exit code 0).\n</task-notification>\n<task-notification>\nalready wrapped\n</task-notification>',
    );
    // After the tool results, before the request.
    expect(second.messages.at(-2)!.content[0]!.type).toBe("tool_result");
    expect(
      events.some(
        (e) => e.type === "user_message" && e.synthetic && text(e.message).includes("already wrapped"),
      ),
    ).toBe(true);
    const stored = readFileSync(log.location, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as SessionRecord)
      .filter((r) => r.type === "message" && r.synthetic);
    expect(stored).toHaveLength(1);
    expect(q.calls).toBeGreaterThanOrEqual(3);
  });

  it("that arrive as the model ends its turn start another request so the model can react", async () => {
    const q = queue();
    const { provider, requests } = recording([
      { content: [{ type: "text", text: "Waiting for the build." }] },
      { content: [{ type: "text", text: "The build finished; all green." }] },
    ]);
    const { agent } = await makeAgent(provider, {
      takeNotices: () => {
        // Empty before the first request; the build finishes while the model answers.
        const out = q.take();
        if (q.calls === 1) q.pending.push("Background command task b2 completed.");
        return out;
      },
    });
    const result = await agent.run("build it");
    expect(requests).toHaveLength(2);
    expect(text(requests[1]!.messages.at(-1))).toContain("Background command task b2 completed.");
    expect(result.result).toBe("The build finished; all green.");
    expect(result.numTurns).toBe(2);
  });

  it("a failing notice source is a warning, not a failed run", async () => {
    const { provider } = recording([{ content: [{ type: "text", text: "ok" }] }]);
    const { agent, events } = await makeAgent(provider, {
      takeNotices: () => {
        throw new Error("queue broke");
      },
    });
    const result = await agent.run("go");
    expect(result.subtype).toBe("success");
    expect(events.some((e) => e.type === "warning" && e.message.includes("queue broke"))).toBe(true);
  });
});
