import { boundaryMessages } from "@keel/compact";
import type { Message } from "@keel/protocol";
import type { AgentOptions } from "./agent-options.js";
import type { MessageMeta } from "./compaction-controller.js";

/**
 * The history an agent starts from: a resumed session's boundary message (built from its last
 * compaction record), then the loaded messages with their stored uuids when the caller gave
 * them and the repair kept the list aligned.
 */
export function boundaryHistory(
  options: Pick<AgentOptions, "boundary" | "messages" | "messageUuids">,
  normalized: Message[],
): { messages: Message[]; meta: MessageMeta[] } {
  const head = options.boundary ? boundaryMessages(options.boundary) : [];
  const uuids =
    options.messageUuids &&
    options.messageUuids.length === normalized.length &&
    (options.messages?.length ?? 0) === normalized.length
      ? options.messageUuids
      : [];
  return {
    messages: [...head, ...normalized],
    meta: [
      ...head.map((): MessageMeta => ({})),
      ...normalized.map((_, i): MessageMeta => (uuids[i] !== undefined ? { uuid: uuids[i] } : {})),
    ],
  };
}
