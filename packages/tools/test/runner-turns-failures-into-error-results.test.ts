import {
  type Approver,
  createModePolicy,
  createRuleSet,
  type PermissionPolicy,
  parsePermissionRule,
} from "@keel/permissions";
import type { AgentEventBody } from "@keel/protocol";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, ToolRegistry, ToolRunner } from "../src/index.js";
import { fakeTool, recorder, text, use } from "./fake-tools.js";

const readTool = defineTool({
  name: "Read",
  description: "reads",
  inputSchema: z.object({ file_path: z.string(), limit: z.number().int().positive().optional() }),
  readOnly: true,
  call: async (input) => ({ content: `read ${input.file_path}` }),
});

function writeTool(calls: string[]) {
  return fakeTool({
    name: "Write",
    readOnly: false,
    level: "write",
    call: async ({ id }) => {
      calls.push(id);
      return { content: `wrote ${id}` };
    },
  });
}

const ctx = (emit: (e: AgentEventBody) => void = () => {}) => ({
  cwd: "/ws",
  signal: new AbortController().signal,
  emit,
});

describe("ToolRunner error results", () => {
  it("reports invalid input with paths", async () => {
    const runner = new ToolRunner({
      registry: new ToolRegistry([readTool]),
      policy: createModePolicy({ mode: "default" }),
    });
    const { events, emit } = recorder();
    const [result] = await runner.run([use("Read", "1", {})], ctx(emit));
    expect(result).toEqual({
      type: "tool_result",
      toolUseId: "1",
      content: "Invalid input for Read: file_path: expected string, received undefined",
      isError: true,
    });
    const [r2] = await runner.run([use("Read", "2", { file_path: 3, limit: -1 })], ctx());
    expect(r2?.content).toBe(
      "Invalid input for Read: file_path: expected string, received number; limit: Too small: expected number to be >0",
    );
    expect(events.map((e) => e.type)).toEqual(["tool_call_start", "tool_call_end"]);
    expect(events[1]).toMatchObject({ type: "tool_call_end", isError: true, name: "Read" });
  });

  it("names the available tools for an unknown tool", async () => {
    const runner = new ToolRunner({
      registry: new ToolRegistry([readTool, writeTool([])]),
      policy: createModePolicy({ mode: "default" }),
    });
    const [a, b] = await runner.run([use("Grep", "1"), use("read", "2")], ctx());
    expect(a).toMatchObject({ isError: true, content: "No such tool: Grep. Available tools: Read, Write." });
    expect(b?.content).toBe("No such tool: read. Did you mean Read? Available tools: Read, Write.");
  });

  it("denies writes in plan mode with the reason and a permission_decision event", async () => {
    const calls: string[] = [];
    const runner = new ToolRunner({
      registry: new ToolRegistry([writeTool(calls)]),
      policy: createModePolicy({ mode: "plan" }),
    });
    const { events, emit } = recorder();
    const [result] = await runner.run([use("Write", "w")], ctx(emit));
    expect(calls).toEqual([]);
    expect(result?.isError).toBe(true);
    expect(text(result?.content)).toMatch(/^Plan mode allows read-only tools only; Write needs write access/);
    expect(events.map((e) => e.type)).toEqual(["tool_call_start", "permission_decision", "tool_call_end"]);
    expect(events[1]).toMatchObject({ behavior: "deny", toolUseId: "w", name: "Write" });
  });

  it("turns an ask without approver into a deny naming the flag", async () => {
    const calls: string[] = [];
    const runner = new ToolRunner({
      registry: new ToolRegistry([writeTool(calls)]),
      policy: createModePolicy({ mode: "default" }),
    });
    const [result] = await runner.run([use("Write", "w")], ctx());
    expect(calls).toEqual([]);
    expect(result).toMatchObject({
      isError: true,
      content:
        "Permission to use Write was denied: keel is running non-interactively in default mode. " +
        "Re-run with --permission-mode acceptEdits (workspace edits) or --permission-mode bypassPermissions (everything).",
    });
  });

  it("tells the approver which ask rule asked, so it offers no 'don't ask again'", async () => {
    const seen: Array<Parameters<Approver["approve"]>[0]> = [];
    const approver: Approver = {
      approve: async (request) => {
        seen.push(request);
        return { behavior: "deny", reason: "no" };
      },
    };
    const rules = createRuleSet(
      [parsePermissionRule("Write", "ask", { kind: "cli", root: "/", origin: "test" })],
      { cwd: "/", home: "/" },
    );
    const runner = new ToolRunner({
      registry: new ToolRegistry([writeTool([])]),
      policy: createModePolicy({ mode: "acceptEdits", rules }),
      approver,
    });
    await runner.run([use("Write", "w")], ctx());
    expect(seen[0]).toMatchObject({ toolName: "Write", rule: "Write" });
  });

  it("asks the approver and emits request then decision", async () => {
    const calls: string[] = [];
    const seen: unknown[] = [];
    const approver: Approver = {
      approve: async (request) => {
        seen.push(request);
        return request.toolUseId === "yes"
          ? { behavior: "allow" }
          : { behavior: "deny", reason: "The user said no." };
      },
    };
    const runner = new ToolRunner({
      registry: new ToolRegistry([writeTool(calls)]),
      policy: createModePolicy({ mode: "default" }),
      approver,
    });
    const { events, emit } = recorder();
    const [yes, no] = await runner.run([use("Write", "yes"), use("Write", "no")], ctx(emit));
    expect(yes).toMatchObject({ isError: false, content: "wrote yes" });
    expect(no).toMatchObject({ isError: true, content: "The user said no." });
    expect(calls).toEqual(["yes"]);
    expect(seen[0]).toMatchObject({
      toolName: "Write",
      level: "write",
      toolUseId: "yes",
      input: { id: "yes" },
    });
    expect(events.map((e) => `${e.type}${"behavior" in e ? `:${e.behavior}` : ""}`)).toEqual([
      "tool_call_start",
      "permission_request",
      "permission_decision:allow",
      "tool_call_end",
      "tool_call_start",
      "permission_request",
      "permission_decision:deny",
      "tool_call_end",
    ]);
  });

  it("turns an exception into `Tool X failed: message`", async () => {
    const boom = fakeTool({
      name: "Boom",
      readOnly: true,
      call: async () => {
        throw new Error("kaboom");
      },
    });
    const runner = new ToolRunner({
      registry: new ToolRegistry([boom]),
      policy: createModePolicy({ mode: "default" }),
    });
    const [result] = await runner.run([use("Boom", "1")], ctx());
    expect(result).toMatchObject({ isError: true, content: "Tool Boom failed: kaboom" });
  });

  it("forwards progress as tool_call_progress", async () => {
    const tool = fakeTool({
      name: "P",
      readOnly: true,
      call: async (_input, c) => {
        c.progress("halfway");
        return { content: "done" };
      },
    });
    const runner = new ToolRunner({
      registry: new ToolRegistry([tool]),
      policy: createModePolicy({ mode: "default" }),
    });
    const { events, emit } = recorder();
    await runner.run([use("P", "1")], ctx(emit));
    expect(events[1]).toEqual({ type: "tool_call_progress", toolUseId: "1", message: "halfway" });
  });
});

describe("ToolRunner hooks", () => {
  it("a hook deny ends the call; a hook allow skips the mode's ask", async () => {
    const calls: string[] = [];
    const runner = new ToolRunner({
      registry: new ToolRegistry([writeTool(calls)]),
      policy: createModePolicy({ mode: "default" }),
      beforeToolCall: async (call) =>
        call.toolUseId === "blocked"
          ? { behavior: "deny", reason: "Blocked by policy hook." }
          : { behavior: "allow" },
    });
    const [blocked, allowed] = await runner.run([use("Write", "blocked"), use("Write", "ok")], ctx());
    expect(blocked).toMatchObject({ isError: true, content: "Blocked by policy hook." });
    expect(allowed).toMatchObject({ isError: false, content: "wrote ok" });
    expect(calls).toEqual(["ok"]);
  });

  it("a hook allow does not lift a deny rule", async () => {
    const policy: PermissionPolicy = {
      mode: "bypassPermissions",
      decide: () => ({ behavior: "deny", reason: "Denied by rule Write.", rule: "Write" }),
    };
    const runner = new ToolRunner({
      registry: new ToolRegistry([writeTool([])]),
      policy,
      beforeToolCall: async () => ({ behavior: "allow" }),
    });
    const [result] = await runner.run([use("Write", "w")], ctx());
    expect(result).toMatchObject({ isError: true, content: "Denied by rule Write." });
  });

  it("afterToolCall may replace the output", async () => {
    const runner = new ToolRunner({
      registry: new ToolRegistry([readTool]),
      policy: createModePolicy({ mode: "default" }),
      afterToolCall: async (_call, output) => ({ content: `${String(output.content)} (checked)` }),
    });
    const [result] = await runner.run([use("Read", "1", { file_path: "/a" })], ctx());
    expect(result?.content).toBe("read /a (checked)");
  });
});
