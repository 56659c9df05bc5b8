import { createModePolicy } from "@keel/permissions";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, ToolRegistry, ToolRunner } from "../src/index.js";
import { barrier, fakeTool, recorder, text, use } from "./fake-tools.js";

describe("ToolRunner and concurrencySafe", () => {
  it("runs concurrency-safe calls that are not read-only together, results in call order", async () => {
    const pair = barrier(2);
    const log: string[] = [];
    const spawn = defineTool<{ id: string }>({
      name: "Spawn",
      description: "not read-only, but calls don't interfere",
      inputSchema: z.object({ id: z.string() }),
      readOnly: false,
      concurrencySafe: true,
      requiredLevel: () => "read",
      call: async ({ id }) => {
        log.push(`start ${id}`);
        await pair.arrive();
        // a finishes last: the results must still follow the calls.
        if (id === "a") await new Promise((r) => setImmediate(r));
        log.push(`end ${id}`);
        return { content: `spawned ${id}` };
      },
    });
    const write = fakeTool({
      name: "W",
      readOnly: false,
      level: "read",
      call: async ({ id }) => {
        log.push(`write ${id}`);
        return { content: `wrote ${id}` };
      },
    });
    const runner = new ToolRunner({
      registry: new ToolRegistry([spawn, write]),
      policy: createModePolicy({ mode: "default" }),
    });
    const { emit } = recorder();
    const results = await runner.run([use("Spawn", "a"), use("Spawn", "b"), use("W", "w")], {
      cwd: "/ws",
      signal: new AbortController().signal,
      emit,
    });
    expect(pair.maxWaiting()).toBe(2);
    expect(results.map((r) => text(r.content))).toEqual(["spawned a", "spawned b", "wrote w"]);
    expect(log.indexOf("write w")).toBeGreaterThan(Math.max(log.indexOf("end a"), log.indexOf("end b")));
  });

  it("runs read-only calls alone when the tool says they are not concurrency-safe", async () => {
    let running = 0;
    let max = 0;
    const todo = defineTool<{ id: string }>({
      name: "Todo",
      description: "read level, but order matters",
      inputSchema: z.object({ id: z.string() }),
      readOnly: true,
      concurrencySafe: () => false,
      call: async () => {
        running++;
        max = Math.max(max, running);
        await new Promise((r) => setImmediate(r));
        running--;
        return { content: "ok" };
      },
    });
    const runner = new ToolRunner({
      registry: new ToolRegistry([todo]),
      policy: createModePolicy({ mode: "default" }),
    });
    const results = await runner.run([use("Todo", "a"), use("Todo", "b"), use("Todo", "c")], {
      cwd: "/ws",
      signal: new AbortController().signal,
      emit: () => {},
    });
    expect(results.map((r) => r.isError)).toEqual([false, false, false]);
    expect(max).toBe(1);
  });

  it("answers a call made by a tool's alias with that tool", async () => {
    const agent = defineTool<{ id: string }>({
      name: "Agent",
      aliases: ["Task"],
      description: "new name",
      inputSchema: z.object({ id: z.string() }),
      readOnly: true,
      call: async ({ id }) => ({ content: `ran ${id}` }),
    });
    const runner = new ToolRunner({
      registry: new ToolRegistry([agent]),
      policy: createModePolicy({ mode: "default" }),
    });
    const results = await runner.run([use("Task", "t1"), use("Tasks", "t2")], {
      cwd: "/ws",
      signal: new AbortController().signal,
      emit: () => {},
    });
    expect(results[0]).toEqual({ type: "tool_result", toolUseId: "t1", content: "ran t1", isError: false });
    expect(results[1]?.isError).toBe(true);
    expect(text(results[1]?.content)).toContain("No such tool: Tasks");
  });
});
