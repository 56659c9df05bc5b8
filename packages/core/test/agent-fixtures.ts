import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createModePolicy, type PermissionMode } from "@keel/permissions";
import type { AgentEvent, ToolUseBlock } from "@keel/protocol";
import type { ModelProvider } from "@keel/provider";
import { defineTool, type Tool, ToolRegistry } from "@keel/tools";
import { z } from "zod";
import { Agent } from "../src/agent.js";
import type { AgentOptions } from "../src/agent-options.js";
import { JsonlSessionStore } from "../src/jsonl-session-store.js";

/** A read-only echo tool and a write tool that records its calls. */
export function testTools(calls: string[] = []): Tool[] {
  return [
    defineTool({
      name: "Echo",
      description: "Echo text",
      inputSchema: z.object({ text: z.string() }),
      readOnly: true,
      call: async ({ text }) => {
        calls.push(`Echo:${text}`);
        return { content: `echo ${text}` };
      },
    }),
    defineTool({
      name: "Save",
      description: "Save text",
      inputSchema: z.object({ text: z.string() }),
      readOnly: false,
      requiredLevel: () => "write",
      call: async ({ text }) => {
        calls.push(`Save:${text}`);
        return { content: `saved ${text}` };
      },
    }),
  ];
}

export function toolUse(id: string, name: string, input: Record<string, unknown>): ToolUseBlock {
  return { type: "tool_use", id, name, input };
}

export async function makeAgent(
  provider: ModelProvider,
  extra: Partial<Omit<AgentOptions, "tools">> & { mode?: PermissionMode; tools?: Tool[] } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "keel-agent-"));
  const store = new JsonlSessionStore({ dir });
  const log = await store.create({
    type: "header",
    version: 1,
    sessionId: "s1",
    cwd: dir,
    model: "test-model",
    created: new Date().toISOString(),
    parentSessionId: null,
  });
  const { tools, mode, ...rest } = extra;
  const events: AgentEvent[] = [];
  const agent = new Agent({
    sessionId: "s1",
    provider,
    model: "test-model",
    system: "You are a test.",
    tools: new ToolRegistry(tools ?? testTools()),
    policy: createModePolicy({ mode: mode ?? "bypassPermissions", workspace: dir }),
    cwd: dir,
    log,
    onEvent: (e) => events.push(e),
    ...rest,
  });
  return { agent, events, store, log, dir };
}
