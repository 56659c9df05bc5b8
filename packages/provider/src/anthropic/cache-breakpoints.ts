import type { CacheControl, WireBlock, WireMessage, WireTool } from "./wire-request.js";

/** The API allows at most 4 blocks with `cache_control` per request (tools + system + messages). */
export const MAX_CACHE_BREAKPOINTS = 4;

const ephemeral = (): CacheControl => ({ type: "ephemeral" });

/** Thinking blocks and empty text cannot carry a breakpoint. */
function isCacheable(block: WireBlock): boolean {
  if (block.type === "thinking" || block.type === "redacted_thinking") return false;
  return !(block.type === "text" && block.text === "");
}

/** Marks the last cacheable block of a message; returns whether one was marked. */
function markMessage(message: WireMessage | undefined): boolean {
  if (!message) return false;
  for (let i = message.content.length - 1; i >= 0; i--) {
    const block = message.content[i];
    if (block && isCacheable(block)) {
      if (block.cache_control) return false;
      block.cache_control = ephemeral();
      return true;
    }
  }
  return false;
}

/**
 * Places prompt-cache breakpoints (mutating the blocks):
 *
 * 1. the last system block — caches tools + system (the last tool when there is no system);
 * 2. the last content block of the last message — where this request writes the cache;
 * 3. the last content block of the last user message before the last assistant message — where
 *    the previous request wrote it, so this request reads it back.
 *
 * Breakpoint 3 sits on the same block, with the same marker, as the previous request's
 * breakpoint 2, so the previous request's bytes up to its final breakpoint reappear verbatim.
 * Older breakpoints are not kept (the API allows 4, and caching keys on content, not markers).
 */
export function placeCacheBreakpoints(parts: {
  system: WireBlock[];
  tools: WireTool[];
  messages: WireMessage[];
}): void {
  const { system, tools, messages } = parts;
  let used = 0;
  const lastSystem = system.at(-1);
  const lastTool = tools.at(-1);
  if (lastSystem && isCacheable(lastSystem)) {
    lastSystem.cache_control = ephemeral();
    used++;
  } else if (lastTool) {
    lastTool.cache_control = ephemeral();
    used++;
  }

  if (used < MAX_CACHE_BREAKPOINTS && markMessage(messages.at(-1))) used++;

  let lastAssistant = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === "assistant") {
      lastAssistant = i;
      break;
    }
  }
  for (let i = lastAssistant - 1; i >= 0 && used < MAX_CACHE_BREAKPOINTS; i--) {
    if (messages[i]?.role === "user") {
      if (markMessage(messages[i])) used++;
      break;
    }
  }
}
