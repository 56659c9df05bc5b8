import type { ProviderEvent } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { ProviderError, ScriptedProvider, streamWithRetry } from "../src/index.js";
import { collect, modelRequest, userText } from "./anthropic-harness.js";

describe("ScriptedProvider", () => {
  it("streams text and tool input in several deltas and ends with the scripted message", async () => {
    const provider = new ScriptedProvider([
      {
        content: [
          { type: "text", text: "Let me look at that." },
          { type: "tool_use", id: "toolu_1", name: "Read", input: { file_path: "/a.ts" } },
        ],
        usage: { inputTokens: 10, outputTokens: 5 },
      },
    ]);
    const { events, response } = await collect(
      provider.stream(modelRequest([userText("hi")]), new AbortController().signal),
    );
    const texts = events.filter(
      (e): e is Extract<ProviderEvent, { type: "text_delta" }> => e.type === "text_delta",
    );
    const inputs = events.filter(
      (e): e is Extract<ProviderEvent, { type: "tool_input_delta" }> => e.type === "tool_input_delta",
    );
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.map((t) => t.text).join("")).toBe("Let me look at that.");
    expect(inputs.length).toBeGreaterThan(1);
    expect(JSON.parse(inputs.map((i) => i.partialJson).join(""))).toEqual({ file_path: "/a.ts" });
    expect(response.stopReason).toBe("tool_use");
    expect(response.usage).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
    });
  });

  it("records deep copies of requests, so later mutation by the caller does not rewrite history", async () => {
    const provider = new ScriptedProvider([{ content: [{ type: "text", text: "one" }] }]);
    const request = modelRequest([userText("original")]);
    await collect(provider.stream(request, new AbortController().signal));
    request.messages.push(userText("added later"));
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]?.messages).toEqual([userText("original")]);
  });

  it("throws a scripted error after some events, and a retry gets the next turn", async () => {
    const overloaded = new ProviderError({
      kind: "overloaded",
      retryable: true,
      status: 529,
      message: "Overloaded",
    });
    const provider = new ScriptedProvider([
      { content: [{ type: "text", text: "partial text" }], error: overloaded, errorAfterEvents: 3 },
      { content: [{ type: "text", text: "second try" }] },
    ]);
    const withdrawn: boolean[] = [];
    const { response } = await collect(
      streamWithRetry(provider, modelRequest([userText("hi")]), {
        signal: new AbortController().signal,
        sleep: async () => undefined,
        onRetry: (info) => withdrawn.push(info.withdrawPartial),
      }),
    );
    expect(withdrawn).toEqual([true]);
    expect(response.message.content).toEqual([{ type: "text", text: "second try" }]);
    expect(provider.requests).toHaveLength(2);
  });

  it("fails clearly (and without retry) when the script runs out, and accepts a function script", async () => {
    const empty = new ScriptedProvider([]);
    const error = await collect(
      empty.stream(modelRequest([userText("hi")]), new AbortController().signal),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid_request", retryable: false });
    expect((error as Error).message).toMatch(/no scripted turn/);

    const echo = new ScriptedProvider((request, index) => ({
      content: [{ type: "text", text: `#${index}: ${request.messages.length} message(s)` }],
    }));
    const { response } = await collect(
      echo.stream(modelRequest([userText("hi")]), new AbortController().signal),
    );
    expect(response.message.content).toEqual([{ type: "text", text: "#0: 1 message(s)" }]);
  });

  it("stops with kind aborted when the signal aborts", async () => {
    const provider = new ScriptedProvider([{ content: [{ type: "text", text: "x".repeat(100) }] }]);
    const controller = new AbortController();
    controller.abort();
    const error = await collect(provider.stream(modelRequest([userText("hi")]), controller.signal)).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: "aborted" });
  });
});
