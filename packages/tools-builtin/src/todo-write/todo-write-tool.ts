import type { TodoItem } from "@keel/protocol";
import { defineTool, type Tool, type ToolOutput } from "@keel/tools";
import { z } from "zod";

export interface TodoWriteToolOptions {
  /**
   * Saves the new list (sdk: appends a `todos` record, then emits the `todos` event). A throw or
   * rejection becomes an error result telling the model the list was not saved.
   */
  onTodos(todos: TodoItem[]): void | Promise<void>;
}

const DESCRIPTION = `Creates and updates the todo list for the current task: each call replaces the whole list.
Use it for work with 3 or more steps, or when the user gives several tasks; skip it for trivial single steps.
- content: the step in imperative form ("Run the tests"); activeForm: the same in present continuous ("Running the tests"), shown while it is in progress.
- status: pending, in_progress or completed. Keep exactly one item in_progress while you work; mark it completed as soon as it is done (not in batches), then start the next.
- Mark an item completed only when it is fully done: not if tests fail or the work is partial. Add new steps as you discover them; remove ones that no longer apply.`;

const nonEmpty = z.string().regex(/\S/, "must not be empty");

const inputSchema = z.strictObject({
  todos: z
    .array(
      // Not strict: older models also send `id`/`priority`, which carry nothing we keep.
      z.object({
        content: nonEmpty.describe("The step, in imperative form"),
        status: z.enum(["pending", "in_progress", "completed"]),
        activeForm: nonEmpty.describe("The step in present continuous form, shown while in progress"),
      }),
    )
    .describe("The updated todo list"),
});
type TodoWriteInput = z.infer<typeof inputSchema>;

/** The `TodoWrite` tool: validates the list and hands it to `onTodos`; the session keeps it. */
export function createTodoWriteTool(options: TodoWriteToolOptions): Tool {
  return defineTool<TodoWriteInput>({
    name: "TodoWrite",
    description: DESCRIPTION,
    inputSchema,
    // It changes only session state, so it needs no permission beyond `read`; but two lists in
    // one batch must be saved in call order (the last one wins), so it never runs concurrently.
    readOnly: false,
    concurrencySafe: false,
    requiredLevel: () => "read",
    async call(input): Promise<ToolOutput> {
      const todos: TodoItem[] = input.todos.map(({ content, status, activeForm }) => ({
        content,
        status,
        activeForm,
      }));
      try {
        await options.onTodos(todos);
      } catch (error) {
        return {
          content: `The todo list was not saved: ${error instanceof Error ? error.message : String(error)}`,
          isError: true,
        };
      }
      return { content: summary(todos) };
    },
  });
}

function summary(todos: TodoItem[]): string {
  if (todos.length === 0) return "The todo list was saved: it is now empty.";
  const count = (status: TodoItem["status"]) => todos.filter((t) => t.status === status).length;
  const inProgress = count("in_progress");
  const lines = [
    `The todo list was saved (${todos.length} items: ${count("completed")} completed, ${inProgress} in progress, ${count("pending")} pending). Keep it up to date as you work, and carry on with the current task.`,
  ];
  if (inProgress > 1) {
    lines.push(
      `Note: ${inProgress} items are in_progress. Keep exactly one item in_progress at a time: finish it (mark it completed) before starting the next.`,
    );
  } else if (inProgress === 0 && count("pending") > 0) {
    lines.push("Note: no item is in_progress. Mark the step you work on next as in_progress.");
  }
  return lines.join("\n");
}
