import type { Message } from "@keel/protocol";
import { style } from "../render/theme.js";
import { formatTokens } from "../status/session-stats.js";
import type { CommandHost } from "./command-types.js";

/** Characters per token for the estimates (the usual English/code ratio). */
const CHARS_PER_TOKEN = 4;

function tokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

function messageChars(messages: readonly Message[]) {
  const sizes = { prompts: 0, answers: 0, toolCalls: 0, toolResults: 0 };
  for (const m of messages) {
    for (const b of m.content) {
      if (b.type === "text") sizes[m.role === "user" ? "prompts" : "answers"] += b.text.length;
      else if (b.type === "thinking") sizes.answers += b.thinking.length;
      else if (b.type === "tool_use") sizes.toolCalls += JSON.stringify(b.input).length + b.name.length;
      else if (b.type === "tool_result")
        sizes.toolResults +=
          typeof b.content === "string" ? b.content.length : JSON.stringify(b.content).length;
    }
  }
  return sizes;
}

async function fixedParts(host: CommandHost): Promise<{ system: number; context: number; tools: number }> {
  const created = host.connection.created as unknown as Record<string, unknown> | undefined;
  const sdk = await import("@keel/sdk");
  const given = (key: string) => (typeof created?.[key] === "string" ? (created[key] as string) : undefined);
  let system = given("systemPrompt") ?? host.options.systemPrompt ?? sdk.defaultSystemPrompt(host.cwd);
  if (host.options.appendSystemPrompt && given("systemPrompt") === undefined)
    system += `\n\n${host.options.appendSystemPrompt}`;
  const context = given("contextText") ?? sdk.contextBlock(new Date());
  let tools = 0;
  try {
    const { createBuiltinTools } = await import("@keel/tools-builtin");
    const { ToolRegistry } = await import("@keel/tools");
    const names = new Set(host.connection.created?.toolNames ?? []);
    const registry = new ToolRegistry(createBuiltinTools({ env: {} }).filter((t) => names.has(t.name)));
    tools = JSON.stringify(registry.specs()).length;
  } catch {
    // estimate without tools
  }
  return { system: system.length, context: context.length, tools };
}

/** `/context`: an estimate (characters / 4) of what fills the window, next to the last measured size. */
export async function contextReport(host: CommandHost): Promise<string> {
  const messages = host.connection.created?.agent.messages ?? [];
  const fixed = await fixedParts(host);
  const m = messageChars(messages);
  const rows: Array<[string, number]> = [
    ["System prompt", tokens(fixed.system)],
    ["Tool definitions", tokens(fixed.tools)],
    ["Memory and context", tokens(fixed.context)],
    ["Your prompts", tokens(m.prompts)],
    ["Answers and thinking", tokens(m.answers)],
    ["Tool calls", tokens(m.toolCalls)],
    ["Tool results", tokens(m.toolResults)],
  ];
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  const window = (await host.connection.catalog()).lookup(host.connection.model)?.contextWindow;
  const pct = (n: number) => (window ? ` ${style.gray(`${((n / window) * 100).toFixed(1)}%`)}` : "");
  const lines = [
    style.bold(
      `Context (estimate, ${messages.length} messages)${window ? ` of ${formatTokens(window)} tokens` : ""}`,
    ),
    ...rows.map(([label, n]) => `  ${label.padEnd(22)} ${formatTokens(n).padStart(7)}${pct(n)}`),
    `  ${"Total".padEnd(22)} ${formatTokens(total).padStart(7)}${pct(total)}`,
  ];
  if (host.stats.contextTokens > 0)
    lines.push(style.gray(`  Last request measured: ${formatTokens(host.stats.contextTokens)} tokens`));
  return lines.join("\n");
}
