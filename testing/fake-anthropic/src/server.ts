import type { ServerResponse } from "node:http";
import {
  bearerKey,
  type FakeExchange,
  ScriptCursor,
  SseWriter,
  serveEvents,
  serveWireFault,
  startFakeHttpServer,
} from "./fake-server/index.js";
import { validateMessagesRequest } from "./request-validation.js";
import { type StreamEvent, turnEvents } from "./turn-events.js";
import type { FakeAnthropicServer, FakeServerOptions, FakeTurn, RecordedRequest } from "./types.js";

const ERROR_TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  408: "timeout_error",
  409: "conflict_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

function errorTypeFor(status: number): string {
  return ERROR_TYPE_BY_STATUS[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

function errorBody(type: string, message: string, requestId: string): unknown {
  return { type: "error", error: { type, message }, request_id: requestId };
}

function presentedKey(headers: Record<string, string>): string {
  const apiKey = headers["x-api-key"];
  if (apiKey) return apiKey;
  return bearerKey(headers);
}

/** SSE frames (`event:` + `data:`), with an `event: ping` frame between every two if asked. */
function messagesWriter(res: ServerResponse, options: FakeServerOptions): SseWriter<StreamEvent> {
  return new SseWriter(res, {
    chunkBytes: options.chunkBytes,
    crlf: options.crlf,
    encode: (event) => [`event: ${event.name}`, `data: ${JSON.stringify(event.payload)}`],
    keepAlive: options.pings ? ["event: ping", 'data: {"type": "ping"}', ""] : undefined,
  });
}

/** Starts an in-process fake of `POST /v1/messages` that streams scripted turns. */
export async function startFakeAnthropic(options: FakeServerOptions): Promise<FakeAnthropicServer> {
  const cursor = new ScriptCursor<FakeTurn, RecordedRequest>(options.script, "fake-anthropic");
  let toolUseCounter = 0;
  let messageCounter = 0;

  async function handle(exchange: FakeExchange): Promise<void> {
    const { req, res, record, requestId, path, sendJson } = exchange;
    const sendError = (status: number, message: string, headers?: Record<string, string>) =>
      sendJson(status, errorBody(errorTypeFor(status), message, requestId), headers);

    if (req.method !== "POST" || path !== "/v1/messages") {
      return sendError(404, `fake-anthropic serves POST /v1/messages only, not ${req.method} ${path}`);
    }
    const key = presentedKey(record.headers);
    if (key === "" || (options.apiKey !== undefined && key !== options.apiKey)) {
      return sendError(401, "invalid x-api-key");
    }
    try {
      record.body = JSON.parse(record.rawBody);
    } catch {
      return sendError(400, "The request body is not valid JSON.");
    }
    const invalid = validateMessagesRequest(record.body);
    if (invalid !== null) return sendError(400, invalid);

    const step = cursor.next(record);
    if (step.kind === "exhausted") {
      // x-should-retry: false so clients that honour it fail at once instead of backing off.
      return sendError(500, step.message, { "x-should-retry": "false" });
    }

    const model = String((record.body as { model: unknown }).model);
    const events = turnEvents(step.turn, {
      messageId: `msg_fake_${++messageCounter}`,
      model,
      requestBytes: Buffer.byteLength(record.rawBody),
      nextToolUseId: () => `toolu_${++toolUseCounter}`,
    });
    const sse = messagesWriter(res, options);
    if (step.kind === "turn") return serveEvents(exchange, sse, events);

    const fault = step.fault;
    switch (fault.kind) {
      case "http": {
        const body =
          fault.body ??
          errorBody(errorTypeFor(fault.status), `fake-anthropic: injected ${fault.status}`, requestId);
        return sendJson(fault.status, body, fault.headers);
      }
      case "error_frame": {
        const type = fault.errorType ?? "overloaded_error";
        const message =
          fault.message ?? (type === "overloaded_error" ? "Overloaded" : `fake-anthropic: injected ${type}`);
        const errorFrame: StreamEvent = {
          name: "error",
          payload: { type: "error", error: { type, message } },
        };
        return serveEvents(exchange, sse, [...events.slice(0, fault.afterEvents), errorFrame]);
      }
      default:
        return serveWireFault(fault, exchange, sse, events);
    }
  }

  const server = await startFakeHttpServer({
    port: options.port,
    requestIdHeader: "request-id",
    handle,
    crashBody: (error) => errorBody("api_error", `fake-anthropic crashed: ${String(error)}`, "req_fake"),
  });
  return { url: server.origin, requests: server.requests, close: server.close };
}
