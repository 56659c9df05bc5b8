import { createModePolicy } from "@keel/permissions";
import type { TodoItem, ToolResultBlock } from "@keel/protocol";
import { ToolRegistry, ToolRunner } from "@keel/tools";
import { describe, expect, it } from "vitest";
import { createTodoWriteTool } from "../src/index.js";
import { text } from "./context.js";

function setup(onTodos: (todos: TodoItem[]) => void | Promise<void>, mode: "default" | "plan" = "default") {
  const runner = new ToolRunner({
    registry: new ToolRegistry([createTodoWriteTool({ onTodos })]),
    policy: createModePolicy({ mode, workspace: "/ws" }),
  });
  return (inputs: Record<string, unknown>[]): Promise<ToolResultBlock[]> =>
    runner.run(
      inputs.map((input, i) => ({ type: "tool_use", id: `t${i}`, name: "TodoWrite", input })),
      { cwd: "/ws", signal: new AbortController().signal, emit: () => {} },
    );
}

const item = (content: string, status: TodoItem["status"]): TodoItem => ({
  content,
  status,
  activeForm: `${content}ing`,
});

describe("TodoWrite", () => {
  it("saves the list and tells the model so, even in plan mode", async () => {
    const saved: TodoItem[][] = [];
    const run = setup((todos) => {
      saved.push(todos);
    }, "plan");
    const todos = [item("Read", "completed"), item("Fix", "in_progress"), item("Test", "pending")];
    const [result] = await run([{ todos }]);
    expect(result?.isError).toBe(false);
    expect(saved).toEqual([todos]);
    expect(text(result?.content)).toMatch(
      /todo list was saved \(3 items: 1 completed, 1 in progress, 1 pending\)/,
    );
    expect(text(result?.content)).not.toMatch(/Note:/);
  });

  it("rejects empty strings and unknown statuses without saving", async () => {
    const saved: TodoItem[][] = [];
    const run = setup((todos) => {
      saved.push(todos);
    });
    const results = await run([
      { todos: [{ content: "", status: "pending", activeForm: "Doing" }] },
      { todos: [{ content: "Do", status: "pending", activeForm: "   " }] },
      { todos: [{ content: "Do", status: "done", activeForm: "Doing" }] },
      { todos: [{ content: "Do", status: "pending" }] },
    ]);
    expect(results.map((r) => r.isError)).toEqual([true, true, true, true]);
    expect(text(results[0]?.content)).toMatch(/content/);
    expect(text(results[1]?.content)).toMatch(/activeForm/);
    expect(text(results[2]?.content)).toMatch(/status/);
    expect(saved).toEqual([]);
  });

  it("saves a list with several in_progress items but hints to keep one", async () => {
    const saved: TodoItem[][] = [];
    const run = setup((todos) => {
      saved.push(todos);
    });
    const [result] = await run([{ todos: [item("A", "in_progress"), item("B", "in_progress")] }]);
    expect(result?.isError).toBe(false);
    expect(saved).toHaveLength(1);
    expect(text(result?.content)).toMatch(/2 items are in_progress\. Keep exactly one/);
  });

  it("drops fields older models send and saves lists of one batch in call order", async () => {
    const saved: TodoItem[][] = [];
    const run = setup(async (todos) => {
      // The first save is slower: a concurrent runner would store the lists out of order.
      if (todos[0]?.content === "first") await new Promise((r) => setTimeout(r, 5));
      saved.push(todos);
    });
    const results = await run([
      { todos: [{ id: "1", priority: "high", content: "first", status: "pending", activeForm: "Firsting" }] },
      { todos: [] },
    ]);
    expect(results.map((r) => r.isError)).toEqual([false, false]);
    expect(saved).toEqual([[{ content: "first", status: "pending", activeForm: "Firsting" }], []]);
    expect(text(results[1]?.content)).toMatch(/now empty/);
  });

  it("reports a failed save as an error the model sees", async () => {
    const run = setup(() => {
      throw new Error("disk full");
    });
    const [result] = await run([{ todos: [item("A", "pending")] }]);
    expect(result?.isError).toBe(true);
    expect(text(result?.content)).toBe("The todo list was not saved: disk full");
  });
});
