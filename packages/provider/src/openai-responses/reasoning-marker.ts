/**
 * How a Responses API reasoning item lives in Keel's provider-neutral blocks without a protocol
 * change: the item's identity (`id`, `encrypted_content`) is stored as a JSON marker in the
 * thinking block's `signature` (or, for a reasoning item without a summary, in the redacted
 * thinking block's `data`); the summary text is the thinking text.
 *
 * The marker starts with `{`, which an Anthropic signature or redacted-thinking payload (base64)
 * never does, so each adapter can tell its own blocks from another provider's and drop the rest.
 */

/** The parts of a Responses `reasoning` output item that must be sent back on the next request. */
export interface ResponsesReasoningRef {
  /** The item id, `rs_…`. */
  id: string;
  /** Present when the request asked for `include: ["reasoning.encrypted_content"]`. */
  encryptedContent?: string;
}

const MARKER_TYPE = "openai_responses_reasoning";

interface MarkerJson {
  type: typeof MARKER_TYPE;
  id: string;
  encrypted_content?: string;
}

/** Encodes a reasoning item reference as the opaque string stored in a thinking block. */
export function encodeResponsesReasoning(ref: ResponsesReasoningRef): string {
  const marker: MarkerJson = { type: MARKER_TYPE, id: ref.id };
  if (ref.encryptedContent !== undefined) marker.encrypted_content = ref.encryptedContent;
  return JSON.stringify(marker);
}

/**
 * The reasoning item reference in a thinking `signature` / redacted `data`, or undefined when
 * the string is not ours (e.g. an Anthropic signature): such blocks are dropped, never sent.
 */
export function decodeResponsesReasoning(opaque: string): ResponsesReasoningRef | undefined {
  if (!opaque.startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(opaque);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const marker = value as Partial<MarkerJson>;
  if (marker.type !== MARKER_TYPE || typeof marker.id !== "string" || marker.id === "") return undefined;
  const ref: ResponsesReasoningRef = { id: marker.id };
  if (typeof marker.encrypted_content === "string") ref.encryptedContent = marker.encrypted_content;
  return ref;
}

/** True when a thinking signature / redacted data came from the Responses adapter. */
export function isResponsesReasoningMarker(opaque: string): boolean {
  return decodeResponsesReasoning(opaque) !== undefined;
}
