import type { Message } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { encodeResponsesReasoning, toWireRequestBody } from "../src/index.js";

const request = (messages: Message[]) => ({ model: "m", system: "s", messages, tools: [], maxTokens: 100 });

describe("Anthropic adapter and reasoning from other providers", () => {
  it("sends Anthropic-signed thinking back and drops unsigned or OpenAI Responses reasoning", () => {
    const marker = encodeResponsesReasoning({ id: "rs_1", encryptedContent: "enc" });
    const body = toWireRequestBody(
      request([
        { role: "user", content: [{ type: "text", text: "hi" }] },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "signed", signature: "sig-anthropic" },
            { type: "thinking", thinking: "from a compatible server", signature: "" },
            { type: "thinking", thinking: "summary", signature: marker },
            { type: "redacted_thinking", data: marker },
            { type: "text", text: "answer" },
          ],
        },
        { role: "user", content: [{ type: "text", text: "more" }] },
      ]),
    );
    expect(body.messages[1]?.content).toEqual([
      { type: "thinking", thinking: "signed", signature: "sig-anthropic" },
      { type: "text", text: "answer" },
    ]);
  });

  it("keeps a turn that held only foreign reasoning, so roles still alternate", () => {
    const body = toWireRequestBody(
      request([
        { role: "user", content: [{ type: "text", text: "hi" }] },
        { role: "assistant", content: [{ type: "thinking", thinking: "x", signature: "" }] },
        { role: "user", content: [{ type: "text", text: "more" }] },
      ]),
    );
    expect(body.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(body.messages[1]?.content).toEqual([{ type: "text", text: "(reasoning only)" }]);
  });
});
