/**
 * The subset of the Messages API's request validation that catches client bugs: each rule here
 * is one the real API answers with `400 invalid_request_error`. Returns the error message, or
 * null when the request is acceptable.
 */

type Json = Record<string, unknown>;

const MAX_CACHE_BREAKPOINTS = 4;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function blocksOf(content: unknown): Json[] {
  return Array.isArray(content) ? content.filter(isObject) : [];
}

export function validateMessagesRequest(body: unknown): string | null {
  if (!isObject(body)) return "Request body must be a JSON object.";
  if (typeof body.model !== "string" || body.model === "") return "model: Field required";
  if (typeof body.max_tokens !== "number") return "max_tokens: Field required";
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return "messages: at least one message is required";
  }
  const messages = body.messages;
  for (const [i, message] of messages.entries()) {
    if (!isObject(message) || (message.role !== "user" && message.role !== "assistant")) {
      return `messages.${i}: each message needs a role of "user" or "assistant"`;
    }
  }
  if (isObject(messages[0]) && messages[0].role !== "user") {
    return 'messages: first message must use the "user" role';
  }
  return (
    checkEmptyText(body) ??
    checkToolPairing(messages.filter(isObject)) ??
    checkCacheBreakpoints(body, messages.filter(isObject))
  );
}

function checkEmptyText(body: Json): string | null {
  if (Array.isArray(body.system)) {
    for (const block of blocksOf(body.system)) {
      if (block.type === "text" && block.text === "") return "system: text content blocks must be non-empty";
    }
  }
  const messages = blocksOf(body.messages);
  for (const [i, message] of messages.entries()) {
    if (message.content === "" || (Array.isArray(message.content) && message.content.length === 0)) {
      const isFinalAssistant = i === messages.length - 1 && message.role === "assistant";
      if (!isFinalAssistant) {
        return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
      }
    }
    for (const [j, block] of blocksOf(message.content).entries()) {
      if (block.type === "text" && block.text === "") {
        return `messages.${i}.content.${j}.text: text content blocks must be non-empty`;
      }
      if (block.type === "tool_result") {
        for (const inner of blocksOf(block.content)) {
          if (inner.type === "text" && inner.text === "") {
            return `messages.${i}.content.${j}.content: text content blocks must be non-empty`;
          }
        }
      }
    }
  }
  return null;
}

function toolUseIds(message: Json): string[] {
  if (message.role !== "assistant") return [];
  return blocksOf(message.content)
    .filter((b) => b.type === "tool_use")
    .map((b) => String(b.id));
}

function toolResultIds(message: Json): string[] {
  if (message.role !== "user") return [];
  return blocksOf(message.content)
    .filter((b) => b.type === "tool_result")
    .map((b) => String(b.tool_use_id));
}

function checkToolPairing(messages: Json[]): string | null {
  for (const [i, message] of messages.entries()) {
    const uses = toolUseIds(message);
    if (uses.length > 0) {
      const next = messages[i + 1];
      const answered = new Set(next ? toolResultIds(next) : []);
      const missing = uses.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        return (
          `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ` +
          `${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`
        );
      }
    }
    const results = toolResultIds(message);
    if (results.length > 0) {
      const previous = messages[i - 1];
      const known = new Set(previous ? toolUseIds(previous) : []);
      const unknown = results.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        return (
          `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unknown.join(", ")}. ` +
          "Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
        );
      }
    }
  }
  return null;
}

function checkCacheBreakpoints(body: Json, messages: Json[]): string | null {
  const marked = (blocks: Json[]) => blocks.filter((b) => b.cache_control !== undefined).length;
  let count = marked(blocksOf(body.tools)) + marked(blocksOf(body.system));
  for (const message of messages) count += marked(blocksOf(message.content));
  if (body.cache_control !== undefined) count += 1;
  if (count > MAX_CACHE_BREAKPOINTS) {
    return `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${count}.`;
  }
  return null;
}
