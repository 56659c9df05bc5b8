import type { Message } from "@keel/protocol";
import type { CreatedAgent } from "@keel/sdk";

/** How many messages the resumed view shows (EventRenderer.replay's default). */
export const REPLAYED_MESSAGES = 40;

/**
 * Pages back through a session's history for `/history`, oldest page last: first the loaded
 * messages the resume view left out, then — past a compaction boundary — pages read lazily from
 * the session file (`SessionStore.readEarlier`), never the whole file.
 */
export class EarlierHistory {
  private loadedEnd: number;
  private fileCursor: string | undefined;
  private reachedStart = false;

  private readonly created: Pick<CreatedAgent, "agent" | "store" | "sessionId" | "earlierBefore">;

  constructor(created: Pick<CreatedAgent, "agent" | "store" | "sessionId" | "earlierBefore">) {
    this.created = created;
    this.loadedEnd = Math.max(0, created.agent.messages.length - REPLAYED_MESSAGES);
    this.fileCursor = created.earlierBefore;
  }

  /** The next older page (oldest first), or undefined when nothing older is left. */
  async next(count: number): Promise<{ messages: Message[]; fromFile: boolean } | undefined> {
    if (this.loadedEnd > 0) {
      const start = Math.max(0, this.loadedEnd - count);
      const messages = this.created.agent.messages.slice(start, this.loadedEnd);
      this.loadedEnd = start;
      return { messages, fromFile: false };
    }
    if (this.fileCursor === undefined || this.reachedStart) return undefined;
    const page = await this.created.store.readEarlier(this.created.sessionId, this.fileCursor, count);
    this.reachedStart = page.reachedStart;
    const first = page.records[0];
    if (first === undefined) return undefined;
    this.fileCursor = first.uuid;
    const messages = page.records.flatMap((r) => (r.type === "message" ? [r.message] : []));
    return { messages, fromFile: true };
  }
}
