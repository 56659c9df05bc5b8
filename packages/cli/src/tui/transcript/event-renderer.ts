import type { AgentEvent, Message, UserContent } from "@keel/protocol";
import { style } from "../render/theme.js";
import { MarkdownBlock } from "./blocks/markdown-block.js";
import { TextBlock } from "./blocks/text-block.js";
import { ThinkingBlock } from "./blocks/thinking-block.js";
import { ToolCallBlock } from "./blocks/tool-call-block.js";
import { resultText } from "./tool-presentation.js";
import type { Transcript, TranscriptBlock } from "./transcript.js";
import type { ViewOptions } from "./view-options.js";

export interface EventRendererOptions {
  transcript: Transcript;
  view: ViewOptions;
  cwd: string;
  /** The current spinner frame (tool lines that are still running). */
  spinner: () => string;
  /** A user message the TUI did not show itself arrived (a queued message was delivered). */
  onPromptDelivered?: (text: string) => void;
}

/** The text the user typed, from a user message (the first text block; attachments follow it). */
export function promptText(content: readonly UserContent[]): string {
  const first = content.find((b) => b.type === "text");
  return first?.type === "text" ? first.text : "";
}

/**
 * Renders the agent's event stream into transcript blocks: the TUI's view of the same stream
 * print mode writes as JSON. It holds only what it needs to draw the current attempt.
 */
export class EventRenderer {
  private readonly o: EventRendererOptions;
  /** Blocks of the model response being streamed, by content index. */
  private attempt = new Map<number, MarkdownBlock | ThinkingBlock>();
  private readonly tools = new Map<string, ToolCallBlock>();
  private readonly echoes: string[] = [];
  /** Drawing stored messages (no diffs: the files have changed since). */
  private replaying = false;

  constructor(options: EventRendererOptions) {
    this.o = options;
  }

  /** The TUI showed this prompt itself: skip its echo. */
  expectEcho(text: string): void {
    this.echoes.push(text);
  }

  /** Adds a block after everything live (prompts, notices, command output). */
  add(block: TranscriptBlock): void {
    this.o.transcript.add(block);
  }

  notice(text: string, colour: (t: string) => string = style.gray): void {
    this.add(new TextBlock(text, { prefix: "  ", style: colour }));
  }

  handle(event: AgentEvent): void {
    if (event.parentToolUseId !== null) return; // sub-agent internals stay behind their Agent call line
    switch (event.type) {
      case "text_delta":
        this.streamBlock(event.index, "text").append(event.text);
        break;
      case "thinking_delta":
        this.streamBlock(event.index, "thinking").append(event.thinking);
        break;
      case "retry":
        this.retry(event);
        break;
      case "assistant_message":
        this.assistant(event.message.content);
        break;
      case "tool_call_start":
        this.toolBlock(event.toolUseId, event.name, event.input).start();
        break;
      case "tool_call_end":
        this.tools.get(event.toolUseId)?.end(event.isError, event.durationMs);
        break;
      case "permission_decision":
        if (event.behavior === "deny") this.tools.get(event.toolUseId)?.deny(event.reason ?? "Denied.");
        break;
      case "user_message":
        this.user(event.message.content, event.synthetic);
        break;
      case "warning":
        this.notice(`⚠ ${event.message}`, style.yellow);
        break;
      case "compaction":
        this.notice(
          `✻ Context compacted (${event.trigger}, ${event.strategy}): ${event.preTokens.toLocaleString()} → ${event.postTokens.toLocaleString()} tokens`,
        );
        break;
      case "task_notice":
        this.notice(`◆ ${event.description}: ${event.status}`);
        break;
      case "todos":
        this.add(
          new TextBlock(
            event.todos
              .map(
                (t) =>
                  `${t.status === "completed" ? "☒" : t.status === "in_progress" ? "◐" : "☐"} ${t.content}`,
              )
              .join("\n"),
            { prefix: "  " },
          ),
        );
        break;
      case "result":
        this.result(event);
        break;
      default:
        break;
    }
  }

  /** Draws stored messages (a resumed session): the last `limit` of them, older ones summarized. */
  replay(messages: readonly Message[], limit = 40): void {
    this.replaying = true;
    const start = Math.max(0, messages.length - limit);
    if (start > 0) this.notice(`… ${start} earlier messages (/history shows them)`);
    for (const message of messages.slice(start)) {
      if (message.role === "assistant") {
        message.content.forEach((block, index) => {
          if (block.type === "text") this.streamBlock(index, "text").append(block.text);
          else if (block.type === "thinking") this.streamBlock(index, "thinking").append(block.thinking);
        });
        this.assistant(message.content);
      } else {
        const text = promptText(message.content);
        if (text !== "" && !message.content.some((b) => b.type === "tool_result")) this.prompt(text);
        else this.user(message.content, true);
      }
    }
    for (const block of this.tools.values()) block.abandon();
    this.tools.clear();
    this.replaying = false;
  }

  /** A user prompt block. */
  prompt(text: string, attachments: string[] = []): void {
    this.add(new TextBlock(text, { prefix: "> ", style: style.bold, spaced: attachments.length === 0 }));
    if (attachments.length > 0) this.notice(attachments.map((a) => `+ ${a}`).join("\n"));
  }

  private streamBlock(index: number, kind: "text" | "thinking"): MarkdownBlock | ThinkingBlock {
    const existing = this.attempt.get(index);
    if (existing && (kind === "text") === existing instanceof MarkdownBlock) return existing;
    const block = kind === "text" ? new MarkdownBlock() : new ThinkingBlock(this.o.view);
    this.attempt.set(index, block);
    this.add(block);
    return block;
  }

  private retry(event: Extract<AgentEvent, { type: "retry" }>): void {
    if (event.withdrawPartial) {
      for (const block of this.attempt.values()) this.o.transcript.remove(block);
      this.attempt.clear();
    }
    const why = event.status === null ? event.errorKind : `${event.status} ${event.errorKind}`;
    this.notice(
      `⟳ ${why}: retrying in ${Math.ceil(event.delayMs / 1000)}s (attempt ${event.attempt}/${event.maxRetries})${event.withdrawPartial ? "; the partial answer was withdrawn" : ""}`,
      style.yellow,
    );
  }

  private assistant(content: Extract<Message, { role: "assistant" }>["content"]): void {
    for (const block of this.attempt.values()) block.finish();
    this.attempt.clear();
    for (const block of content) {
      if (block.type === "tool_use") this.toolBlock(block.id, block.name, block.input);
    }
  }

  private toolBlock(id: string, name: string, input: Record<string, unknown>): ToolCallBlock {
    let block = this.tools.get(id);
    if (block === undefined) {
      block = new ToolCallBlock({
        toolUseId: id,
        name,
        input,
        cwd: this.o.cwd,
        view: this.o.view,
        spinner: this.o.spinner,
        replayed: this.replaying,
      });
      this.tools.set(id, block);
      this.add(block);
    }
    return block;
  }

  private user(content: readonly UserContent[], synthetic: boolean): void {
    for (const block of content) {
      if (block.type !== "tool_result") continue;
      const tool = this.tools.get(block.toolUseId);
      if (tool === undefined) continue;
      tool.settle(resultText(block.content), block.isError === true);
      this.tools.delete(block.toolUseId);
    }
    if (synthetic || content.some((b) => b.type === "tool_result")) return;
    const text = promptText(content);
    const echo = this.echoes.indexOf(text);
    if (echo !== -1) {
      this.echoes.splice(echo, 1);
      return;
    }
    if (text !== "") {
      this.prompt(text);
      this.o.onPromptDelivered?.(text);
    }
  }

  private result(event: Extract<AgentEvent, { type: "result" }>): void {
    for (const block of this.attempt.values()) block.finish();
    this.attempt.clear();
    for (const block of this.tools.values()) block.abandon();
    this.tools.clear();
    this.echoes.length = 0;
    if (event.subtype === "error_aborted")
      this.notice("⎿ Interrupted. What should Keel do instead?", style.red);
    else if (event.isError) this.notice(`✗ ${event.errors.join("; ") || event.result}`, style.red);
  }
}
