import { createHash, randomUUID } from "node:crypto";

/** What api.openai.com accepts as a tool-call id (it rejects ids longer than 40 characters). */
const VALID_ID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * A tool-call id the Chat Completions API accepts, for an id that may come from another
 * provider (Anthropic `toolu_…`, Responses `call_…`, a scripted test). Valid ids pass through
 * unchanged; others map to `call_<hash>`. The mapping is a pure function of the id, so the
 * assistant's `tool_calls[].id` and the answering `tool` message's `tool_call_id` always agree,
 * and every request of a session repeats the same bytes.
 */
export function toChatToolCallId(id: string): string {
  if (VALID_ID.test(id)) return id;
  return `call_${createHash("sha256").update(id).digest("base64url").slice(0, 32)}`;
}

/** An id for a tool call the server sent without one. */
export function generateToolCallId(): string {
  return `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
}
