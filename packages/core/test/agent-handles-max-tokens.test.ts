import { CONTINUE_PROMPT } from "@keel/core";
import { ScriptedProvider } from "@keel/provider";
import { describe, expect, it } from "vitest";
import { makeAgent, testTools, toolUse } from "./agent-fixtures.js";

describe("Agent and max_tokens", () => {
  it("continues a cut-off text answer with a user 'continue' message, at most 3 times", async () => {
    const provider = new ScriptedProvider(() => ({
      content: [{ type: "text", text: "part " }],
      stopReason: "max_tokens",
    }));
    const { agent } = await makeAgent(provider);
    const result = await agent.run("write an essay");
    expect(provider.requests).toHaveLength(4);
    expect(result.result).toBe("part part part part ");
    const continues = agent.messages.filter(
      (m) => m.role === "user" && m.content[0]?.type === "text" && m.content[0].text === CONTINUE_PROMPT,
    );
    expect(continues).toHaveLength(3);
  });

  it("never runs a tool call cut off by max_tokens, and tells the model", async () => {
    const calls: string[] = [];
    const provider = new ScriptedProvider([
      {
        content: [{ type: "text", text: "Writing." }, toolUse("t1", "Echo", { text: "ok" })],
        stopReason: "max_tokens",
        incompleteToolUses: [{ id: "t2", name: "Save", reason: "cut off by max_tokens" }],
      },
      { content: [{ type: "text", text: "fine" }] },
    ]);
    const { agent } = await makeAgent(provider, { tools: testTools(calls) });
    await agent.run("go");
    expect(calls).toEqual(["Echo:ok"]);
    const next = provider.requests[1]!.messages.at(-1)!;
    expect(next.content[0]).toMatchObject({ type: "tool_result", toolUseId: "t1" });
    expect(next.content[1]).toMatchObject({ type: "text" });
    expect(JSON.stringify(next.content[1])).toMatch(/Save .*cut off by max_tokens/);
    // The stored assistant message holds no trace of the incomplete call.
    expect(JSON.stringify(agent.messages[1])).not.toMatch(/t2/);
  });
});
