import type { Agent } from "@keel/core";
import type { AgentEvent, UserContent } from "@keel/protocol";

/**
 * One run at a time, and the messages typed meanwhile. A queued message is handed to
 * `agent.steer()` once a tool batch is under way (the loop delivers steering after the batch);
 * whatever is still queued when the run ends becomes the next prompt.
 */
export class RunController {
  private controller: AbortController | undefined;
  private inToolBatch = false;
  /** Typed while busy, not yet handed to the agent. */
  readonly queued: string[] = [];
  /** Handed to `agent.steer()`, not yet seen as a user message. */
  private readonly steered: string[] = [];
  private agent: Agent | undefined;
  busySince: number | undefined;

  /** Messages typed while busy and not yet delivered (handed to the agent or still queued). */
  get pending(): string[] {
    return [...this.steered, ...this.queued];
  }

  get busy(): boolean {
    return this.controller !== undefined;
  }

  /** Runs `content` to completion (the result arrives as an event too). Never throws. */
  async run(agent: Agent, content: UserContent[]): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    this.agent = agent;
    this.busySince = performance.now();
    try {
      await agent.run(content, { signal: controller.signal });
    } finally {
      // Steered but never delivered (the run ended first): the agent still holds them for its next batch.
      this.steered.length = 0;
      this.controller = undefined;
      this.agent = undefined;
      this.busySince = undefined;
      this.inToolBatch = false;
    }
  }

  /** Esc: stop the current run (tool calls are answered "interrupted"; the session stays valid). */
  abort(): boolean {
    if (!this.controller || this.controller.signal.aborted) return false;
    this.controller.abort();
    return true;
  }

  /** A message typed while busy. */
  enqueue(text: string): void {
    this.queued.push(text);
    if (this.inToolBatch) this.flush();
  }

  /** Takes what is queued for the next run (after a run ended). */
  takeQueued(): string | undefined {
    if (this.queued.length === 0) return undefined;
    return this.queued.splice(0).join("\n\n");
  }

  /** Follows the stream to know when a tool batch runs and when steered messages arrive. */
  observe(event: AgentEvent): void {
    if (event.parentToolUseId !== null) return;
    if (event.type === "tool_call_start") {
      this.inToolBatch = true;
      this.flush();
    } else if (event.type === "user_message") {
      if (event.message.content.some((b) => b.type === "tool_result")) this.inToolBatch = false;
      const first = event.message.content.find((b) => b.type === "text");
      if (first?.type === "text") {
        const i = this.steered.indexOf(first.text);
        if (i !== -1) this.steered.splice(i, 1);
      }
    } else if (event.type === "result") this.inToolBatch = false;
  }

  private flush(): void {
    if (!this.agent || this.controller?.signal.aborted) return;
    for (const text of this.queued.splice(0)) {
      this.agent.steer(text);
      this.steered.push(text);
    }
  }
}
