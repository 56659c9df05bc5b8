import type { AgentEvent } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { toStreamJsonLine } from "../src/stream-json.js";

const init = { apiKeySource: "none" };
const sessionInit = (parentToolUseId: string | null): AgentEvent => ({
  type: "session_init",
  sessionId: "s1",
  parentToolUseId,
  uuid: "u1",
  cwd: "/w",
  model: "m",
  tools: [],
  permissionMode: "default",
  resumed: false,
});

describe("stream-json mapping of sub-agent and compaction events", () => {
  it("prints the main session's init line but not a sub-agent's", () => {
    expect(toStreamJsonLine(sessionInit(null), init)).toMatchObject({ type: "system", subtype: "init" });
    expect(toStreamJsonLine(sessionInit("toolu_1"), init)).toBeNull();
  });

  it("maps a compaction boundary to system/compact_boundary and skips micro-compaction", () => {
    const base = {
      sessionId: "s1",
      parentToolUseId: null,
      trigger: "auto",
      preTokens: 61000,
      postTokens: 9000,
    } as const;
    expect(toStreamJsonLine({ ...base, type: "compaction", uuid: "c1", strategy: "summary" }, init)).toEqual({
      type: "system",
      subtype: "compact_boundary",
      compact_metadata: { trigger: "auto", pre_tokens: 61000 },
      session_id: "s1",
      uuid: "c1",
    });
    expect(toStreamJsonLine({ ...base, type: "compaction", strategy: "micro" }, init)).toBeNull();
  });
});
