import type { Message } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { collect, modelRequest, startAnthropic, userText, wireBody } from "./anthropic-harness.js";

describe("Anthropic thinking round trip", () => {
  it("stores thinking + signature and redacted_thinking, and sends them back byte for byte", async () => {
    const signature = "EqQBCgIYAhIM+/=sig\u00e9==";
    const redacted = "EmwKAhgBEgwWX5Rk+opaque/data==";
    const { server, provider } = await startAnthropic({
      chunkBytes: 5,
      script: [
        {
          content: [
            { type: "thinking", thinking: "The user wants a.ts — read it first.\n\nThen answer.", signature },
            { type: "redacted_thinking", data: redacted },
            { type: "tool_use", id: "toolu_T", name: "Read", input: { file_path: "/a.ts" } },
          ],
        },
        { content: [{ type: "text", text: "Done." }] },
      ],
    });
    const request = modelRequest([userText("what is in a.ts?")], { thinking: { budgetTokens: 2048 } });
    const first = await collect(provider.stream(request, new AbortController().signal));
    expect(first.events.filter((e) => e.type === "thinking_delta").length).toBeGreaterThan(1);
    expect(first.response.message.content.slice(0, 2)).toEqual([
      { type: "thinking", thinking: "The user wants a.ts — read it first.\n\nThen answer.", signature },
      { type: "redacted_thinking", data: redacted },
    ]);

    const history: Message[] = [
      ...request.messages,
      first.response.message,
      { role: "user", content: [{ type: "tool_result", toolUseId: "toolu_T", content: "x" }] },
    ];
    await collect(provider.stream({ ...request, messages: history }, new AbortController().signal));

    const sent = wireBody(server, 1);
    expect(sent.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    expect(sent.messages[1]?.content.slice(0, 2)).toEqual([
      { type: "thinking", thinking: "The user wants a.ts — read it first.\n\nThen answer.", signature },
      { type: "redacted_thinking", data: redacted },
    ]);
    // Byte level: the signature's exact JSON encoding appears in the raw body.
    expect(server.requests[1]?.rawBody).toContain(JSON.stringify(signature));
    expect(server.requests[1]?.rawBody).toContain(JSON.stringify(redacted));
  });
});
