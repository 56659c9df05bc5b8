import type { AgentEventBody } from "@keel/protocol";
import { type ModelRequest, ProviderError, ScriptedProvider, type ScriptedTurn } from "@keel/provider";
import { describe, expect, it } from "vitest";
import { runModelTurn } from "../src/model-turn.js";

const overloaded = (): ScriptedTurn => ({
  error: new ProviderError({ kind: "overloaded", retryable: true, status: 529, message: "Overloaded" }),
});
const answer = (text: string): ScriptedTurn => ({
  content: [{ type: "text", text }],
  usage: { inputTokens: 10, outputTokens: 5 },
});
const request: ModelRequest = {
  model: "primary-model",
  system: "You are a test.",
  messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
  tools: [],
  maxTokens: 1000,
};

function turn(
  primary: ScriptedProvider,
  fallback: ScriptedProvider | undefined,
  signal = new AbortController().signal,
) {
  const events: AgentEventBody[] = [];
  const outcome = runModelTurn({
    provider: primary,
    request,
    signal,
    retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    emit: (e) => events.push(e),
    ...(fallback ? { fallback: { model: "fallback-model", provider: fallback } } : {}),
  });
  return { outcome, events };
}

const textOf = (events: AgentEventBody[]) =>
  events.flatMap((e) => (e.type === "text_delta" ? [e.text] : [])).join("");

describe("--fallback-model", () => {
  it("after all retries fail with overloaded, the same request goes once to the fallback model, announced by a warning", async () => {
    const primary = new ScriptedProvider([overloaded(), overloaded(), overloaded()]);
    const fallback = new ScriptedProvider([answer("from the fallback")], { id: "other" });
    const { outcome, events } = turn(primary, fallback);
    const result = await outcome;
    expect(result.kind).toBe("response");
    if (result.kind !== "response") return;
    expect(result.model).toBe("fallback-model");
    expect(result.response.message.content).toEqual([{ type: "text", text: "from the fallback" }]);
    expect(primary.requests).toHaveLength(3);
    expect(fallback.requests).toHaveLength(1);
    expect(fallback.requests[0]).toEqual({ ...request, model: "fallback-model" });

    const kinds = events.map((e) => e.type).filter((t) => t !== "text_delta");
    expect(kinds).toEqual(["retry", "retry", "warning"]);
    const warning = events.find((e) => e.type === "warning");
    expect(warning).toMatchObject({ type: "warning" });
    expect(warning?.type === "warning" && warning.message).toMatch(
      /"primary-model" is overloaded .*gave up after 2 retries.*fallback model "fallback-model"/,
    );
    expect(textOf(events)).toBe("from the fallback");
  });

  it("withdraws what the overloaded attempt had streamed before the fallback's output arrives", async () => {
    const primary = new ScriptedProvider(
      [{ ...answer("half an answer that dies"), ...overloaded(), errorAfterEvents: 4 }],
      { chunkSize: 2 },
    );
    const fallback = new ScriptedProvider([answer("whole")]);
    const events: AgentEventBody[] = [];
    const result = await runModelTurn({
      provider: primary,
      request,
      signal: new AbortController().signal,
      retry: { maxRetries: 0 },
      emit: (e) => events.push(e),
      fallback: { model: "fallback-model", provider: fallback },
    });
    expect(result.kind).toBe("response");
    const order = events.map((e) => (e.type === "retry" ? `retry:${e.withdrawPartial}` : e.type));
    const withdraw = order.indexOf("retry:true");
    expect(order.slice(0, withdraw)).toContain("text_delta");
    expect(new Set(order.slice(withdraw + 1))).toEqual(new Set(["text_delta"]));
    expect(textOf(events.slice(withdraw + 1))).toBe("whole");
    expect(order.indexOf("warning")).toBeLessThan(withdraw);
  });

  it("other failures do not switch models", async () => {
    const invalid = new ProviderError({
      kind: "invalid_request",
      retryable: false,
      status: 400,
      message: "bad",
    });
    const rateLimited = new ProviderError({
      kind: "rate_limit",
      retryable: true,
      status: 429,
      message: "slow down",
    });
    for (const error of [invalid, rateLimited]) {
      const primary = new ScriptedProvider(() => ({ error }));
      const fallback = new ScriptedProvider([answer("never")]);
      const { outcome, events } = turn(primary, fallback);
      const result = await outcome;
      expect(result.kind).toBe("error");
      expect(result.kind === "error" && result.error.kind).toBe(error.kind);
      expect(fallback.requests).toHaveLength(0);
      expect(events.some((e) => e.type === "warning")).toBe(false);
    }
  });

  it("without a fallback, an overload is the turn's error as before", async () => {
    const primary = new ScriptedProvider(() => overloaded());
    const { outcome, events } = turn(primary, undefined);
    const result = await outcome;
    expect(result.kind === "error" && result.error.kind).toBe("overloaded");
    expect(events.filter((e) => e.type === "retry")).toHaveLength(2);
  });

  it("when the fallback fails too, the error names both models and nothing is tried a third time", async () => {
    const primary = new ScriptedProvider(() => overloaded());
    const fallback = new ScriptedProvider(() => overloaded());
    const { outcome } = turn(primary, fallback);
    const result = await outcome;
    expect(result.kind).toBe("error");
    if (result.kind !== "error") return;
    expect(result.error.kind).toBe("overloaded");
    expect(result.error.message).toMatch(
      /fallback model "fallback-model".*primary model "primary-model" was overloaded/,
    );
    // The fallback gets its own retries (3 attempts), the primary is not asked again.
    expect(primary.requests).toHaveLength(3);
    expect(fallback.requests).toHaveLength(3);
  });

  it("an abort while the fallback streams ends the turn as aborted", async () => {
    const controller = new AbortController();
    const primary = new ScriptedProvider(() => overloaded());
    const fallback = new ScriptedProvider(() => {
      controller.abort();
      return answer("too late");
    });
    const { outcome } = turn(primary, fallback, controller.signal);
    expect((await outcome).kind).toBe("aborted");
  });
});
