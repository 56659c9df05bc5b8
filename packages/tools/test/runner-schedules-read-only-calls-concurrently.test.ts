import { createModePolicy } from "@keel/permissions";
import { describe, expect, it } from "vitest";
import { ToolRegistry, ToolRunner } from "../src/index.js";
import { barrier, fakeTool, recorder, text, use } from "./fake-tools.js";

describe("ToolRunner scheduling", () => {
  it("runs consecutive read-only calls together, write calls alone, results in call order", async () => {
    const active = new Set<string>();
    const log: string[] = [];
    const writeOverlaps: string[] = [];
    const pair1 = barrier(2);
    const pair2 = barrier(2);
    const read = fakeTool({
      name: "R",
      readOnly: true,
      call: async ({ id }) => {
        active.add(id);
        log.push(`start ${id}`);
        await (id === "r1" || id === "r2" ? pair1 : pair2).arrive();
        // r1 finishes after r2: results must still come back in call order.
        if (id === "r1") await new Promise((r) => setImmediate(r));
        active.delete(id);
        log.push(`end ${id}`);
        return { content: `read ${id}` };
      },
    });
    const write = fakeTool({
      name: "W",
      readOnly: false,
      level: "read",
      call: async ({ id }) => {
        if (active.size > 0) writeOverlaps.push(`${id} with ${[...active]}`);
        active.add(id);
        log.push(`start ${id}`);
        await new Promise((r) => setImmediate(r));
        if (active.size > 1) writeOverlaps.push(`${id} with ${[...active]}`);
        active.delete(id);
        log.push(`end ${id}`);
        return { content: `wrote ${id}` };
      },
    });
    const runner = new ToolRunner({
      registry: new ToolRegistry([read, write]),
      policy: createModePolicy({ mode: "default" }),
    });
    const calls = [
      use("R", "r1"),
      use("R", "r2"),
      use("W", "w1"),
      use("W", "w2"),
      use("R", "r3"),
      use("R", "r4"),
    ];
    const { events, emit } = recorder();
    const results = await runner.run(calls, { cwd: "/ws", signal: new AbortController().signal, emit });

    expect(results.map((r) => r.toolUseId)).toEqual(["r1", "r2", "w1", "w2", "r3", "r4"]);
    expect(results.map((r) => text(r.content))).toEqual([
      "read r1",
      "read r2",
      "wrote w1",
      "wrote w2",
      "read r3",
      "read r4",
    ]);
    expect(results.every((r) => r.isError === false)).toBe(true);
    expect(pair1.maxWaiting()).toBe(2);
    expect(pair2.maxWaiting()).toBe(2);
    expect(writeOverlaps).toEqual([]);
    expect(log.indexOf("start w1")).toBeGreaterThan(Math.max(log.indexOf("end r1"), log.indexOf("end r2")));
    expect(log.indexOf("start r3")).toBeGreaterThan(log.indexOf("end w2"));
    // One start and one end per call.
    expect(events.filter((e) => e.type === "tool_call_start")).toHaveLength(6);
    expect(events.filter((e) => e.type === "tool_call_end")).toHaveLength(6);
  });

  it("respects maxConcurrency", async () => {
    let running = 0;
    let max = 0;
    const read = fakeTool({
      name: "R",
      readOnly: true,
      call: async () => {
        running++;
        max = Math.max(max, running);
        for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
        running--;
        return { content: "ok" };
      },
    });
    const runner = new ToolRunner({
      registry: new ToolRegistry([read]),
      policy: createModePolicy({ mode: "default" }),
      maxConcurrency: 2,
    });
    const calls = ["a", "b", "c", "d", "e"].map((id) => use("R", id));
    const results = await runner.run(calls, {
      cwd: "/ws",
      signal: new AbortController().signal,
      emit: () => {},
    });
    expect(results).toHaveLength(5);
    expect(max).toBe(2);
  });

  it("survives an emit that throws", async () => {
    const read = fakeTool({ name: "R", readOnly: true, call: async () => ({ content: "ok" }) });
    const runner = new ToolRunner({
      registry: new ToolRegistry([read]),
      policy: createModePolicy({ mode: "default" }),
    });
    const results = await runner.run([use("R", "a")], {
      cwd: "/ws",
      signal: new AbortController().signal,
      emit: () => {
        throw new Error("renderer bug");
      },
    });
    expect(results).toEqual([{ type: "tool_result", toolUseId: "a", content: "ok", isError: false }]);
  });
});
