// Shared by the agent-retries-faults-* tests: the same Agent and retry policy, run against one
// fake server per wire API.
import type { AgentEvent } from "@keel/protocol";
import type { ModelProvider } from "@keel/provider";
import { expect } from "vitest";
import type { AgentOptions } from "../src/agent-options.js";
import { makeAgent, testTools } from "./agent-fixtures.js";

export type RetryEvent = Extract<AgentEvent, { type: "retry" }>;

/** A fake server's record of one request, as far as these tests look at it. */
export interface RecordedExchange {
  status: number;
  rawBody: string;
}

/** Runs `prompt` on an Agent over `provider` with the test tools; returns what it did and stored. */
export async function runAgent(provider: ModelProvider, prompt: string, retry: AgentOptions["retry"]) {
  const calls: string[] = [];
  const { agent, events, store } = await makeAgent(provider, { tools: testTools(calls), retry });
  const result = await agent.run(prompt);
  const { loaded, log } = await store.open("s1");
  await log.close();
  const retries = events.filter((e): e is RetryEvent => e.type === "retry");
  return { calls, result, events, retries, messages: loaded.messages };
}

/** A retryable fault served once on the turn after a tool call, and the retry event it must cause. */
export interface RetriedFault<Fault> {
  name: string;
  fault: Fault;
  status: number | null;
  /** What the fake recorded for the failed request (default: `status`, or 200 for stream faults). */
  serverStatus?: number;
  errorKind: string;
  message: RegExp;
  delayMs?: number;
  idleTimeoutMs?: number;
}

/** Exactly one retry event describing the fault, then the failed request replayed byte for byte. */
export function expectOneRetryThenReplay(
  c: RetriedFault<unknown>,
  retries: RetryEvent[],
  requests: RecordedExchange[],
): void {
  expect(retries).toHaveLength(1);
  expect(retries[0]).toMatchObject({ attempt: 1, maxRetries: 10, status: c.status, errorKind: c.errorKind });
  expect(retries[0]!.message).toMatch(c.message);
  if (c.delayMs !== undefined) expect(retries[0]!.delayMs).toBe(c.delayMs);
  expect(requests.map((q) => q.status)).toEqual([200, c.serverStatus ?? c.status ?? 200, 200]);
  expect(requests[2]!.rawBody).toBe(requests[1]!.rawBody);
}
