import { ScriptedProvider } from "@keel/provider";
import { describe, expect, it } from "vitest";
import { makeAgent, testTools, toolUse } from "./agent-fixtures.js";

describe("Agent tool loop", () => {
  it("runs tools, appends results in call order, and stops when the model stops", async () => {
    const calls: string[] = [];
    const provider = new ScriptedProvider([
      {
        content: [
          { type: "text", text: "Working." },
          toolUse("t1", "Echo", { text: "a" }),
          toolUse("t2", "Save", { text: "b" }),
          toolUse("t3", "Echo", { text: "c" }),
        ],
      },
      { content: [toolUse("t4", "Echo", { text: "d" })] },
      { content: [{ type: "text", text: "All done." }], usage: { inputTokens: 10, outputTokens: 5 } },
    ]);
    const { agent, events, store } = await makeAgent(provider, { tools: testTools(calls) });
    const result = await agent.run("go");

    expect(result.subtype).toBe("success");
    expect(result.result).toBe("All done.");
    expect(result.numTurns).toBe(3);
    expect(calls.filter((c) => c.startsWith("Save"))).toEqual(["Save:b"]);
    // The second request carries the results of the first batch, in the model's call order.
    const second = provider.requests[1]!;
    const results = second.messages.at(-1)!;
    expect(results.role).toBe("user");
    expect(
      results.content.map((b) => (b.type === "tool_result" ? [b.toolUseId, b.content] : b.type)),
    ).toEqual([
      ["t1", "echo a"],
      ["t2", "saved b"],
      ["t3", "echo c"],
    ]);
    // Everything the events announced is in the session file, in order.
    const { loaded, log } = await store.open("s1");
    await log.close();
    expect(loaded.messages).toEqual(agent.messages);
    expect(loaded.messages.map((m) => m.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("session_init");
    expect(types.at(-1)).toBe("result");
    expect(types.filter((t) => t === "tool_call_end")).toHaveLength(4);
    expect(types.filter((t) => t === "text_delta").length).toBeGreaterThan(2);
  });

  it("ends with error_max_turns when the turn cap is hit", async () => {
    const provider = new ScriptedProvider(() => ({
      content: [toolUse(`t${Math.random()}`, "Echo", { text: "x" })],
    }));
    const { agent } = await makeAgent(provider, { maxTurns: 2 });
    const result = await agent.run("loop forever");
    expect(result.subtype).toBe("error_max_turns");
    expect(result.isError).toBe(true);
    expect(provider.requests).toHaveLength(2);
    // Even at the cap every tool_use is answered.
    expect(agent.messages.at(-1)!.role).toBe("user");
  });

  it("delivers a steering message after the current tool batch", async () => {
    const provider = new ScriptedProvider([
      { content: [toolUse("t1", "Echo", { text: "a" })] },
      { content: [{ type: "text", text: "ok" }] },
    ]);
    const { agent } = await makeAgent(provider);
    agent.steer("also check the docs");
    await agent.run("go");
    const second = provider.requests[1]!;
    expect(second.messages.at(-1)).toEqual({
      role: "user",
      content: [{ type: "text", text: "also check the docs" }],
    });
  });

  it("keeps a message queued during an interrupted turn and sends it with the next run", async () => {
    const controller = new AbortController();
    const provider = new ScriptedProvider((_request, index) => {
      if (index === 0) {
        // The user types while the model works, then presses Esc.
        agent.steer("and the changelog");
        controller.abort();
      }
      return { content: [{ type: "text", text: `answer ${index}` }] };
    });
    const { agent } = await makeAgent(provider);
    const first = await agent.run("go", { signal: controller.signal });
    expect(first.subtype).toBe("error_aborted");
    await agent.run("next");
    const sent = JSON.stringify(provider.requests.at(-1)!.messages);
    expect(sent).toContain("and the changelog");
    expect(sent.indexOf("and the changelog")).toBeLessThan(sent.indexOf("next"));
  });

  it("denies a write tool without an approver and tells the model which flag allows it", async () => {
    const calls: string[] = [];
    const provider = new ScriptedProvider([
      { content: [toolUse("t1", "Save", { text: "a" })] },
      { content: [{ type: "text", text: "ok" }] },
    ]);
    const { agent, events } = await makeAgent(provider, { mode: "default", tools: testTools(calls) });
    await agent.run("save");
    expect(calls).toEqual([]);
    const result = provider.requests[1]!.messages.at(-1)!.content[0]!;
    expect(result).toMatchObject({ type: "tool_result", toolUseId: "t1", isError: true });
    expect(JSON.stringify(result)).toMatch(/--permission-mode acceptEdits/);
    expect(events.some((e) => e.type === "permission_decision" && e.behavior === "deny")).toBe(true);
  });

  it("prices usage and warns once about an unknown model", async () => {
    const provider = new ScriptedProvider([
      { content: [toolUse("t1", "Echo", { text: "a" })], usage: { inputTokens: 1_000_000 } },
      { content: [{ type: "text", text: "ok" }], usage: { outputTokens: 1_000_000 } },
    ]);
    const { agent, events } = await makeAgent(provider, {
      price: (_model, u) => ({ costUsd: u.inputTokens * 3e-6 + u.outputTokens * 15e-6, known: false }),
    });
    const result = await agent.run("go");
    expect(result.totalCostUsd).toBeCloseTo(18, 6);
    expect(result.usage).toMatchObject({ inputTokens: 1_000_000, outputTokens: 1_000_000 });
    expect(events.filter((e) => e.type === "warning")).toHaveLength(1);
  });
});
