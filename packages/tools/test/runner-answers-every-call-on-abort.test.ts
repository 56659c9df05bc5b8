import { createModePolicy } from "@keel/permissions";
import { describe, expect, it } from "vitest";
import { INTERRUPTED_MESSAGE, ToolRegistry, ToolRunner } from "../src/index.js";
import { fakeTool, recorder, use } from "./fake-tools.js";

describe("ToolRunner abort", () => {
  it("answers the running call and every call not started with Interrupted by user", async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const stuck = fakeTool({
      name: "Stuck",
      readOnly: false,
      level: "read",
      call: ({ id }) => {
        started.push(id);
        controller.abort();
        return new Promise(() => {}); // ignores its signal
      },
    });
    const runner = new ToolRunner({
      registry: new ToolRegistry([stuck]),
      policy: createModePolicy({ mode: "default" }),
      abortGraceMs: 5,
    });
    const { events, emit } = recorder();
    const results = await runner.run([use("Stuck", "a"), use("Stuck", "b"), use("Stuck", "c")], {
      cwd: "/ws",
      signal: controller.signal,
      emit,
    });
    expect(started).toEqual(["a"]);
    expect(results).toEqual(
      ["a", "b", "c"].map((id) => ({
        type: "tool_result",
        toolUseId: id,
        content: INTERRUPTED_MESSAGE,
        isError: true,
      })),
    );
    expect(events.filter((e) => e.type === "tool_call_end")).toHaveLength(3);
  });

  it("keeps the output of a call that stops promptly on abort", async () => {
    const controller = new AbortController();
    const polite = fakeTool({
      name: "Polite",
      readOnly: true,
      call: (_input, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener("abort", () => resolve({ content: "stopped early", isError: true }));
          controller.abort();
        }),
    });
    const runner = new ToolRunner({
      registry: new ToolRegistry([polite]),
      policy: createModePolicy({ mode: "default" }),
      abortGraceMs: 10_000,
    });
    const [result] = await runner.run([use("Polite", "a")], {
      cwd: "/ws",
      signal: controller.signal,
      emit: () => {},
    });
    expect(result).toMatchObject({ content: "stopped early", isError: true });
  });
});

describe("ToolRunner output bounding", () => {
  it("cuts long text to head + tail with a note, honouring a tool's own cap", async () => {
    const long = "a".repeat(50) + "b".repeat(50);
    const plain = fakeTool({ name: "Plain", readOnly: true, call: async () => ({ content: long }) });
    const paged = fakeTool({
      name: "Paged",
      readOnly: true,
      maxOutputChars: 1000,
      call: async () => ({ content: long }),
    });
    const blocks = fakeTool({
      name: "Blocks",
      readOnly: true,
      call: async () => ({ content: [{ type: "text", text: long }] }),
    });
    const runner = new ToolRunner({
      registry: new ToolRegistry([plain, paged, blocks]),
      policy: createModePolicy({ mode: "default" }),
      maxOutputChars: 20,
    });
    const [a, b, c] = await runner.run([use("Plain", "1"), use("Paged", "2"), use("Blocks", "3")], {
      cwd: "/ws",
      signal: new AbortController().signal,
      emit: recorder().emit,
    });
    const expected = `${"a".repeat(10)}\n\n[… 80 characters omitted …]\n\n${"b".repeat(10)}`;
    expect(a?.content).toBe(expected);
    expect(b?.content).toBe(long);
    expect(c?.content).toEqual([{ type: "text", text: expected }]);
  });
});
