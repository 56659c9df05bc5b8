import type { ServerResponse } from "node:http";
import {
  bearerKey,
  type FakeExchange,
  ScriptCursor,
  SseWriter,
  serveEvents,
  serveWireFault,
  startFakeHttpServer,
} from "@keel/fake-anthropic/fake-server";
import { validateChatCompletionsRequest } from "./request-validation.js";
import { turnChunks } from "./turn-chunks.js";
import type {
  FakeChatTurn,
  FakeOpenAIChatOptions,
  FakeOpenAIChatServer,
  RecordedChatRequest,
} from "./types.js";

const CHAT_PATH = "/v1/chat/completions";

/** `error.type` / `error.code` the real API uses for a status (close enough for clients' classification). */
const ERROR_BY_STATUS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: "invalid_request_error", code: null, message: "Invalid request." },
  401: { type: "invalid_request_error", code: "invalid_api_key", message: "Incorrect API key provided." },
  403: { type: "invalid_request_error", code: "unsupported_country_region_territory", message: "Forbidden." },
  404: { type: "invalid_request_error", code: "model_not_found", message: "The model does not exist." },
  429: { type: "requests", code: "rate_limit_exceeded", message: "Rate limit reached for requests." },
  500: {
    type: "server_error",
    code: null,
    message: "The server had an error while processing your request. Sorry about that!",
  },
  503: {
    type: "server_error",
    code: null,
    message: "The engine is currently overloaded, please try again later.",
  },
};

function errorBody(status: number, message?: string, code?: string | null): unknown {
  const known = ERROR_BY_STATUS[status] ?? {
    type: status >= 500 ? "server_error" : "invalid_request_error",
    code: null,
    message: `fake-openai: injected ${status}`,
  };
  return {
    error: {
      message: message ?? known.message,
      type: known.type,
      param: null,
      code: code === undefined ? known.code : code,
    },
  };
}

/** Data-only SSE frames (`data: <json>`, no `event:` lines), with a `: keep-alive` comment between every two if asked. */
function chatWriter(res: ServerResponse, options: FakeOpenAIChatOptions): SseWriter<unknown> {
  return new SseWriter(res, {
    chunkBytes: options.chunkBytes,
    crlf: options.crlf,
    encode: (payload) => [`data: ${JSON.stringify(payload)}`],
    keepAlive: options.keepAlive ? [": keep-alive", ""] : undefined,
  });
}

/** Starts an in-process fake of `POST /v1/chat/completions` (streaming) that serves scripted turns. */
export async function startFakeOpenAIChat(options: FakeOpenAIChatOptions): Promise<FakeOpenAIChatServer> {
  const cursor = new ScriptCursor<FakeChatTurn, RecordedChatRequest>(options.script, "fake-openai chat");
  const dialect = options.dialect ?? {};
  let toolCallCounter = 0;
  let completionCounter = 0;

  async function handle(exchange: FakeExchange): Promise<void> {
    const { req, res, path } = exchange;
    const record: RecordedChatRequest = exchange.record;
    const sendJson = (status: number, body: unknown, headers?: Record<string, string>) => {
      const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
      if (typeof message === "string") record.error = message;
      exchange.sendJson(status, body, headers);
    };

    if (req.method !== "POST" || path !== CHAT_PATH) {
      return sendJson(
        404,
        errorBody(404, `fake-openai chat serves POST ${CHAT_PATH} only, not ${req.method} ${path}`),
      );
    }
    const key = bearerKey(record.headers);
    if (options.apiKey !== null && (key === "" || (options.apiKey !== undefined && key !== options.apiKey))) {
      const message = key === "" ? "You didn't provide an API key." : "Incorrect API key provided.";
      return sendJson(401, errorBody(401, message));
    }
    try {
      record.body = JSON.parse(record.rawBody);
    } catch {
      return sendJson(400, errorBody(400, "We could not parse the JSON body of your request."));
    }
    const invalid = validateChatCompletionsRequest(record.body, dialect);
    if (invalid !== null) return sendJson(400, errorBody(400, invalid));

    const step = cursor.next(record);
    if (step.kind === "exhausted") {
      // x-should-retry: false so clients that honour it fail at once instead of backing off.
      return sendJson(500, errorBody(500, step.message), { "x-should-retry": "false" });
    }

    const body = record.body as { model: string; stream_options?: { include_usage?: unknown } };
    const chunks = turnChunks(step.turn, {
      completionId: `chatcmpl-fake-${++completionCounter}`,
      model: body.model,
      requestBytes: Buffer.byteLength(record.rawBody),
      includeUsage: body.stream_options?.include_usage === true,
      dialect,
      nextToolCallId: () => `call_fake_${++toolCallCounter}`,
    });
    const sse = chatWriter(res, options);
    if (step.kind === "turn") {
      exchange.startStream();
      await sse.send(chunks);
      await sse.sendFrame(["data: [DONE]"]);
      res.end();
      return;
    }

    const fault = step.fault;
    switch (fault.kind) {
      case "http":
        return sendJson(
          fault.status,
          fault.body ?? errorBody(fault.status, undefined, fault.code),
          fault.headers,
        );
      case "error_frame": {
        const error = {
          message:
            fault.message ?? "The server had an error while processing your request. Sorry about that!",
          type: fault.errorType ?? "server_error",
          param: null,
          code: fault.code ?? null,
        };
        return serveEvents(exchange, sse, [...chunks.slice(0, fault.afterEvents), { error }]);
      }
      default:
        return serveWireFault(fault, exchange, sse, chunks);
    }
  }

  const server = await startFakeHttpServer({
    port: options.port,
    requestIdHeader: "x-request-id",
    handle,
    crashBody: (error) => errorBody(500, `fake-openai chat crashed: ${String(error)}`),
  });
  return {
    url: server.origin,
    baseUrl: `${server.origin}/v1`,
    requests: server.requests,
    close: server.close,
  };
}
