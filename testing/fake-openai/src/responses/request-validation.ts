/**
 * The subset of the Responses API's request validation that catches client bugs: each rule here
 * is one the real API rejects (status, message and code as it answers them).
 */

type Json = Record<string, unknown>;

export interface ResponsesRejection {
  status: number;
  message: string;
  param: string | null;
  code: string | null;
}

export interface ResponsesValidationContext {
  /**
   * Reasoning items this server has served: id → encrypted content (undefined when the request
   * did not ask for it). Undefined = do not check ids or encrypted content.
   */
  issuedReasoning?: ReadonlyMap<string, string | undefined>;
}

const INCLUDABLE = new Set([
  "reasoning.encrypted_content",
  "message.output_text.logprobs",
  "message.input_image.image_url",
  "computer_call_output.output.image_url",
  "file_search_call.results",
  "web_search_call.action.sources",
  "web_search_call.results",
  "code_interpreter_call.outputs",
]);
const ITEM_TYPES = ["message", "reasoning", "function_call", "function_call_output"];
const USER_PARTS = new Set(["input_text", "input_image", "input_file"]);
const ASSISTANT_PARTS = new Set(["output_text", "refusal"]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const reject = (status: number, message: string, param: string | null, code: string | null = null) => ({
  status,
  message,
  param,
  code,
});

export function validateResponsesRequest(
  body: unknown,
  context: ResponsesValidationContext = {},
): ResponsesRejection | null {
  if (!isObject(body)) return reject(400, "The request body must be a JSON object.", null);
  if (typeof body.model !== "string" || body.model === "") {
    return reject(400, "Missing required parameter: 'model'.", "model", "missing_required_parameter");
  }
  if (body.stream !== true) {
    return reject(400, "fake-openai (responses) serves streaming requests only: set stream: true.", "stream");
  }
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    return reject(
      400,
      "fake-openai (responses) keeps no state: send the whole conversation in 'input'.",
      "previous_response_id",
    );
  }
  const input = body.input;
  if (input === undefined || (Array.isArray(input) && input.length === 0)) {
    return reject(400, "Missing required parameter: 'input'.", "input", "missing_required_parameter");
  }
  if (typeof input !== "string" && !Array.isArray(input)) {
    return reject(400, "Invalid type for 'input': expected a string or an array of input items.", "input");
  }
  if (body.max_output_tokens !== undefined) {
    const max = body.max_output_tokens;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 16) {
      return reject(
        400,
        `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${String(max)} instead.`,
        "max_output_tokens",
        "integer_below_min_value",
      );
    }
  }
  const store = body.store !== false; // the API's default is true
  return (
    checkInclude(body.include) ??
    checkTools(body.tools) ??
    (Array.isArray(input) ? checkItems(input, store, context) : null)
  );
}

function checkInclude(include: unknown): ResponsesRejection | null {
  if (include === undefined) return null;
  if (!Array.isArray(include))
    return reject(400, "Invalid type for 'include': expected an array.", "include");
  for (const [i, value] of include.entries()) {
    if (typeof value !== "string" || !INCLUDABLE.has(value)) {
      return reject(400, `Invalid value: '${String(value)}'.`, `include[${i}]`, "invalid_value");
    }
  }
  return null;
}

function checkTools(tools: unknown): ResponsesRejection | null {
  if (tools === undefined) return null;
  if (!Array.isArray(tools)) return reject(400, "Invalid type for 'tools': expected an array.", "tools");
  for (const [i, tool] of tools.entries()) {
    if (!isObject(tool) || tool.type !== "function") {
      return reject(
        400,
        `Invalid value for 'tools[${i}].type': this fake serves function tools only.`,
        `tools[${i}].type`,
      );
    }
    if (typeof tool.name !== "string" || !TOOL_NAME.test(tool.name)) {
      return reject(
        400,
        `Invalid 'tools[${i}].name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        `tools[${i}].name`,
        "invalid_value",
      );
    }
    if (tool.parameters !== undefined && !isObject(tool.parameters)) {
      return reject(
        400,
        `Invalid type for 'tools[${i}].parameters': expected an object.`,
        `tools[${i}].parameters`,
      );
    }
  }
  return null;
}

/** What each item is, for the pairing rules. */
function kindOf(item: Json): string {
  if (typeof item.type === "string") return item.type;
  return item.role !== undefined ? "message" : "";
}

function checkItems(
  items: unknown[],
  store: boolean,
  ctx: ResponsesValidationContext,
): ResponsesRejection | null {
  const calls = new Set<string>();
  const outputs = new Set<string>();
  for (const [i, raw] of items.entries()) {
    if (!isObject(raw))
      return reject(400, `Invalid type for 'input[${i}]': expected an object.`, `input[${i}]`);
    const kind = kindOf(raw);
    if (!ITEM_TYPES.includes(kind)) {
      return reject(
        400,
        `Invalid value: '${String(raw.type)}'. Supported values are: ${ITEM_TYPES.map((t) => `'${t}'`).join(", ")}.`,
        `input[${i}].type`,
        "invalid_value",
      );
    }
    const problem =
      kind === "message"
        ? checkMessage(raw, i)
        : kind === "reasoning"
          ? checkReasoning(raw, i, items[i + 1], store, ctx)
          : kind === "function_call"
            ? checkFunctionCall(raw, i, calls)
            : checkFunctionCallOutput(raw, i, calls, outputs);
    if (problem) return problem;
  }
  for (const id of calls) {
    if (!outputs.has(id)) return reject(400, `No tool output found for function call ${id}.`, "input");
  }
  return null;
}

function checkMessage(item: Json, i: number): ResponsesRejection | null {
  const role = item.role;
  if (role !== "user" && role !== "assistant" && role !== "system" && role !== "developer") {
    return reject(
      400,
      `Invalid value: '${String(role)}'. Supported values are: 'user', 'assistant', 'system', and 'developer'.`,
      `input[${i}].role`,
      "invalid_value",
    );
  }
  if (typeof item.content === "string") return null;
  if (!Array.isArray(item.content)) {
    return reject(
      400,
      `Invalid type for 'input[${i}].content': expected a string or an array.`,
      `input[${i}].content`,
    );
  }
  const allowed = role === "assistant" ? ASSISTANT_PARTS : USER_PARTS;
  for (const [j, part] of item.content.entries()) {
    const param = `input[${i}].content[${j}]`;
    if (!isObject(part) || typeof part.type !== "string" || !allowed.has(part.type)) {
      const type = isObject(part) ? String(part.type) : typeof part;
      return reject(
        400,
        `Invalid value: '${type}'. Supported values are: ${[...allowed].map((t) => `'${t}'`).join(", ")}.`,
        `${param}.type`,
        "invalid_value",
      );
    }
    if ((part.type === "input_text" || part.type === "output_text") && typeof part.text !== "string") {
      return reject(
        400,
        `Missing required parameter: '${param}.text'.`,
        `${param}.text`,
        "missing_required_parameter",
      );
    }
    if (part.type === "input_image") {
      const url = part.image_url;
      if (typeof url !== "string" || !/^(data:image\/[a-z+.-]+;base64,|https?:\/\/)/.test(url)) {
        return reject(
          400,
          `Invalid 'image_url' in '${param}': expected a data URL or an http(s) URL.`,
          `${param}.image_url`,
          "invalid_value",
        );
      }
    }
  }
  return null;
}

function checkReasoning(
  item: Json,
  i: number,
  following: unknown,
  store: boolean,
  ctx: ResponsesValidationContext,
): ResponsesRejection | null {
  const id = typeof item.id === "string" ? item.id : "";
  if (!Array.isArray(item.summary)) {
    return reject(
      400,
      `Missing required parameter: 'input[${i}].summary'.`,
      `input[${i}].summary`,
      "missing_required_parameter",
    );
  }
  const encrypted = item.encrypted_content;
  if (typeof encrypted !== "string") {
    if (!store) {
      return reject(
        404,
        `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
        "input",
      );
    }
    if (ctx.issuedReasoning && !ctx.issuedReasoning.has(id)) {
      return reject(404, `Item with id '${id}' not found.`, "input");
    }
  } else if (
    ctx.issuedReasoning &&
    !(ctx.issuedReasoning.has(id) && ctx.issuedReasoning.get(id) === encrypted)
  ) {
    return reject(
      400,
      `The encrypted content for item ${id} could not be verified.`,
      `input[${i}].encrypted_content`,
      "invalid_encrypted_content",
    );
  }
  // A reasoning item must come with the output item that followed it.
  const next = isObject(following) ? following : undefined;
  const nextKind = next ? kindOf(next) : "";
  const follows =
    nextKind === "function_call" ||
    nextKind === "reasoning" ||
    (nextKind === "message" && next?.role === "assistant");
  if (!follows) {
    return reject(
      400,
      `Item '${id}' of type 'reasoning' was provided without its required following item.`,
      "input",
    );
  }
  return null;
}

function checkFunctionCall(item: Json, i: number, calls: Set<string>): ResponsesRejection | null {
  for (const key of ["call_id", "name", "arguments"]) {
    if (typeof item[key] !== "string") {
      return reject(
        400,
        `Missing required parameter: 'input[${i}].${key}'.`,
        `input[${i}].${key}`,
        "missing_required_parameter",
      );
    }
  }
  calls.add(item.call_id as string);
  return null;
}

function checkFunctionCallOutput(
  item: Json,
  i: number,
  calls: Set<string>,
  outputs: Set<string>,
): ResponsesRejection | null {
  const callId = item.call_id;
  if (typeof callId !== "string") {
    return reject(
      400,
      `Missing required parameter: 'input[${i}].call_id'.`,
      `input[${i}].call_id`,
      "missing_required_parameter",
    );
  }
  if (typeof item.output !== "string" && !Array.isArray(item.output)) {
    return reject(
      400,
      `Invalid type for 'input[${i}].output': expected a string or an array.`,
      `input[${i}].output`,
    );
  }
  // Only calls earlier in the input count: nothing is stored server-side to match against.
  if (!calls.has(callId)) {
    return reject(400, `No tool call found for function call output with call_id ${callId}.`, "input");
  }
  outputs.add(callId);
  return null;
}
