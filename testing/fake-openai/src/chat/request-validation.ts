/**
 * The subset of Chat Completions request validation that catches client bugs: each rule here is
 * one the real API answers with `400 invalid_request_error` (messages modelled on its wording).
 * Returns the error message, or null when the request is acceptable.
 */
import type { FakeChatDialect } from "./types.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const TOP_LEVEL = new Set([
  "model",
  "messages",
  "stream",
  "stream_options",
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "n",
  "stop",
  "seed",
  "user",
  "metadata",
  "store",
  "reasoning_effort",
  "response_format",
  "logprobs",
  "top_logprobs",
  "presence_penalty",
  "frequency_penalty",
  "logit_bias",
  "prompt_cache_key",
  "safety_identifier",
  "service_tier",
  "verbosity",
]);

const MESSAGE_KEYS: Record<string, readonly string[]> = {
  system: ["role", "content", "name"],
  developer: ["role", "content", "name"],
  user: ["role", "content", "name"],
  assistant: ["role", "content", "name", "tool_calls", "refusal", "audio"],
  tool: ["role", "content", "tool_call_id"],
};

const USER_PART_TYPES = new Set(["text", "image_url", "input_audio", "file"]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_TOOL_CALL_ID = 40;
const IMAGE_URL = /^(data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+|https?:\/\/\S+)$/;

export function validateChatCompletionsRequest(body: unknown, dialect: FakeChatDialect = {}): string | null {
  if (!isObject(body)) return "We could not parse the JSON body of your request.";
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL.has(key)) return `Unrecognized request argument supplied: ${key}`;
  }
  if (typeof body.model !== "string" || body.model === "") return "you must provide a model parameter";
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return "[] is too short - 'messages'";
  }
  if (body.stream !== true) return "fake-openai chat serves streaming requests only (stream: true).";
  if (body.stream_options !== undefined && dialect.noUsage) {
    return "Unrecognized request argument supplied: stream_options";
  }
  if (body.stream_options !== undefined && !isObject(body.stream_options)) {
    return "Invalid type for 'stream_options': expected an object.";
  }
  for (const field of ["max_tokens", "max_completion_tokens"] as const) {
    const value = body[field];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) > 0)) {
      return `Invalid '${field}': expected a positive integer.`;
    }
  }
  if (body.max_tokens !== undefined && body.max_completion_tokens !== undefined) {
    return "max_tokens and max_completion_tokens cannot both be set.";
  }
  const rejected = dialect.rejectMaxTokensField;
  if (rejected && body[rejected] !== undefined) {
    const other = rejected === "max_tokens" ? "max_completion_tokens" : "max_tokens";
    return `Unsupported parameter: '${rejected}' is not supported with this model. Use '${other}' instead.`;
  }
  return checkTools(body.tools) ?? checkMessages(body.messages, dialect);
}

function checkTools(tools: unknown): string | null {
  if (tools === undefined) return null;
  if (!Array.isArray(tools)) return "Invalid type for 'tools': expected an array.";
  for (const [i, tool] of tools.entries()) {
    if (!isObject(tool) || tool.type !== "function" || !isObject(tool.function)) {
      return `Missing required parameter: 'tools[${i}].function'.`;
    }
    const name = tool.function.name;
    if (typeof name !== "string" || !TOOL_NAME.test(name)) {
      return `Invalid 'tools[${i}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`;
    }
    const parameters = tool.function.parameters;
    if (parameters !== undefined && !isObject(parameters)) {
      return `Invalid type for 'tools[${i}].function.parameters': expected an object.`;
    }
  }
  return null;
}

function checkParts(parts: unknown, where: string, allowed: ReadonlySet<string>): string | null {
  if (typeof parts === "string") return null;
  if (!Array.isArray(parts))
    return `Invalid type for '${where}': expected one of a string or array of objects.`;
  for (const [j, part] of parts.entries()) {
    if (!isObject(part) || typeof part.type !== "string" || !allowed.has(part.type)) {
      const type = isObject(part) ? String(part.type) : typeof part;
      return `Invalid value: '${type}'. Supported values are: ${[...allowed].map((t) => `'${t}'`).join(", ")}. ('${where}[${j}].type')`;
    }
    if (part.type === "text" && typeof part.text !== "string") {
      return `Missing required parameter: '${where}[${j}].text'.`;
    }
    if (part.type === "image_url") {
      const url = isObject(part.image_url) ? part.image_url.url : undefined;
      if (typeof url !== "string" || !IMAGE_URL.test(url)) {
        return `Invalid '${where}[${j}].image_url.url': expected a base64-encoded data URL with an image MIME type or an http(s) URL.`;
      }
    }
  }
  return null;
}

const TEXT_ONLY = new Set(["text"]);

function checkToolCalls(calls: unknown, where: string): string | null {
  if (!Array.isArray(calls) || calls.length === 0) {
    return `Invalid '${where}': empty array. Expected an array with minimum length 1.`;
  }
  for (const [k, call] of calls.entries()) {
    const at = `${where}[${k}]`;
    if (!isObject(call) || call.type !== "function" || !isObject(call.function)) {
      return `Missing required parameter: '${at}.function'.`;
    }
    if (typeof call.id !== "string" || call.id === "") return `Missing required parameter: '${at}.id'.`;
    if (call.id.length > MAX_TOOL_CALL_ID) {
      return `Invalid '${at}.id': string too long. Expected a string with maximum length ${MAX_TOOL_CALL_ID}, but got a string with length ${call.id.length} instead.`;
    }
    if (typeof call.function.name !== "string" || call.function.name === "") {
      return `Missing required parameter: '${at}.function.name'.`;
    }
    if (typeof call.function.arguments !== "string") {
      return `Invalid type for '${at}.function.arguments': expected a string.`;
    }
  }
  return null;
}

function checkMessage(message: unknown, i: number, dialect: FakeChatDialect): string | null {
  const where = `messages[${i}]`;
  if (!isObject(message)) return `Invalid type for '${where}': expected an object.`;
  const role = String(message.role);
  const keys = MESSAGE_KEYS[role];
  if (!keys) {
    return `Invalid value: '${role}'. Supported values are: 'system', 'assistant', 'user', 'tool', 'function', and 'developer'. ('${where}.role')`;
  }
  if (role === "developer" && dialect.rejectDeveloperRole) {
    return `Invalid value: 'developer'. Supported values are: 'system', 'assistant', 'user', 'tool'. ('${where}.role')`;
  }
  const accepted = new Set(keys);
  if (role === "assistant" && dialect.acceptReasoning)
    accepted.add(dialect.reasoningField ?? "reasoning_content");
  for (const key of Object.keys(message)) {
    if (!accepted.has(key))
      return `Additional properties are not allowed ('${key}' was unexpected) - '${where}'`;
  }
  switch (role) {
    case "system":
    case "developer":
      return message.content === undefined
        ? `Missing required parameter: '${where}.content'.`
        : checkParts(message.content, `${where}.content`, TEXT_ONLY);
    case "user":
      return message.content === undefined
        ? `Missing required parameter: '${where}.content'.`
        : checkParts(message.content, `${where}.content`, USER_PART_TYPES);
    case "tool":
      if (typeof message.tool_call_id !== "string")
        return `Missing required parameter: '${where}.tool_call_id'.`;
      return message.content === undefined
        ? `Missing required parameter: '${where}.content'.`
        : checkParts(message.content, `${where}.content`, TEXT_ONLY);
    default: {
      const hasCalls = message.tool_calls !== undefined;
      if (hasCalls) {
        const bad = checkToolCalls(message.tool_calls, `${where}.tool_calls`);
        if (bad) return bad;
      }
      if (message.content === undefined || message.content === null) {
        return hasCalls ? null : `Invalid value for '${where}.content': expected a string, got null.`;
      }
      return checkParts(message.content, `${where}.content`, new Set(["text", "refusal"]));
    }
  }
}

/** Every tool message answers a call of the assistant message right before its run of tool messages. */
function checkToolPairing(messages: Json[]): string | null {
  let open: Set<string> | undefined;
  for (const [i, message] of messages.entries()) {
    if (message.role === "tool") {
      const id = String(message.tool_call_id);
      if (!open?.has(id)) {
        return `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'. (messages[${i}].tool_call_id '${id}' answers no open tool call)`;
      }
      open.delete(id);
      continue;
    }
    if (open && open.size > 0) {
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(", ")}`;
    }
    open = undefined;
    if (message.role === "assistant" && Array.isArray(message.tool_calls)) {
      open = new Set(message.tool_calls.filter(isObject).map((c) => String(c.id)));
    }
  }
  if (open && open.size > 0) {
    return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(", ")}`;
  }
  return null;
}

function checkMessages(messages: unknown[], dialect: FakeChatDialect): string | null {
  for (const [i, message] of messages.entries()) {
    const bad = checkMessage(message, i, dialect);
    if (bad) return bad;
  }
  return checkToolPairing(messages.filter(isObject));
}
