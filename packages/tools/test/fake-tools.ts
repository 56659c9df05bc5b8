import type { PermissionLevel } from "@keel/permissions";
import type { AgentEventBody, ToolUseBlock } from "@keel/protocol";
import { z } from "zod";
import { defineTool, type Tool, type ToolContext, type ToolOutput } from "../src/index.js";

export function fakeTool(options: {
  name: string;
  readOnly: boolean;
  level?: PermissionLevel;
  maxOutputChars?: number;
  call: (input: { id: string }, ctx: ToolContext) => Promise<ToolOutput>;
}): Tool {
  return defineTool({
    name: options.name,
    description: `${options.name} test tool`,
    inputSchema: z.object({ id: z.string() }),
    readOnly: options.readOnly,
    ...(options.level === undefined ? {} : { requiredLevel: () => options.level as PermissionLevel }),
    ...(options.maxOutputChars === undefined ? {} : { maxOutputChars: options.maxOutputChars }),
    call: options.call,
  });
}

export function use(name: string, id: string, input: Record<string, unknown> = { id }): ToolUseBlock {
  return { type: "tool_use", id, name, input };
}

export function recorder(): { events: AgentEventBody[]; emit: (e: AgentEventBody) => void } {
  const events: AgentEventBody[] = [];
  return { events, emit: (e) => events.push(e) };
}

/** Resolves once `count` parties have arrived, or after a fail-safe timer so a broken runner fails an assertion instead of hanging. */
export function barrier(count: number): { arrive: () => Promise<void>; maxWaiting: () => number } {
  let waiting = 0;
  let max = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  const failSafe = setTimeout(release, 2000);
  return {
    arrive: async () => {
      waiting++;
      max = Math.max(max, waiting);
      if (waiting >= count) {
        clearTimeout(failSafe);
        release();
      }
      await released;
      waiting--;
    },
    maxWaiting: () => max,
  };
}

export function text(content: unknown): string {
  if (typeof content === "string") return content;
  throw new Error("expected string content");
}
