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
import { validateResponsesRequest } from "./request-validation.js";
import {
  failureEvents,
  type ResponsesStreamEvent,
  type ResponsesTurnContext,
  turnEvents,
} from "./turn-events.js";
import type {
  FakeResponsesOptions,
  FakeResponsesRecordedRequest,
  FakeResponsesServer,
  FakeResponsesTurn,
} from "./types.js";

/** `error.type` / `error.code` the real API sends with each status. */
const ERROR_BY_STATUS: Record<number, { type: string; code: string | null }> = {
  400: { type: "invalid_request_error", code: null },
  401: { type: "invalid_request_error", code: "invalid_api_key" },
  403: { type: "invalid_request_error", code: "unsupported_country_region_territory" },
  404: { type: "invalid_request_error", code: "model_not_found" },
  429: { type: "requests", code: "rate_limit_exceeded" },
  500: { type: "server_error", code: null },
  503: { type: "server_error", code: "server_is_overloaded" },
};

function errorBody(
  status: number,
  message: string,
  fields: { code?: string | null; param?: string | null } = {},
) {
  const defaults = ERROR_BY_STATUS[status] ?? {
    type: status >= 500 ? "server_error" : "invalid_request_error",
    code: null,
  };
  return {
    error: {
      message,
      type: defaults.type,
      param: fields.param ?? null,
      code: fields.code === undefined ? defaults.code : fields.code,
    },
  };
}

/**
 * Responses SSE frames: `event: <type>` + `data: <json>` carrying the next `sequence_number`,
 * with a `: keepalive` comment line before every frame but the first if asked.
 */
function responsesWriter(
  res: ServerResponse,
  options: FakeResponsesOptions,
): SseWriter<ResponsesStreamEvent> {
  return new SseWriter(res, {
    chunkBytes: options.chunkBytes,
    crlf: options.crlf,
    encode: (event, sequence) => [
      `event: ${event.type}`,
      `data: ${JSON.stringify({ ...event.payload, sequence_number: sequence })}`,
    ],
    keepAlive: options.keepalive ? [": keepalive"] : undefined,
  });
}

/** Starts an in-process fake of `POST /v1/responses` that streams scripted turns. */
export async function startFakeOpenAIResponses(options: FakeResponsesOptions): Promise<FakeResponsesServer> {
  const cursor = new ScriptCursor<FakeResponsesTurn, FakeResponsesRecordedRequest>(
    options.script,
    "fake-openai (responses)",
  );
  const issuedReasoning = new Map<string, string | undefined>();
  const counters = new Map<string, number>();
  const nextId = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}_fake_${n}`;
  };

  async function handle(exchange: FakeExchange): Promise<void> {
    const { req, res, record, path, sendJson } = exchange;
    if (req.method !== "POST" || path !== "/v1/responses") {
      return sendJson(
        404,
        errorBody(404, `fake-openai serves POST /v1/responses here, not ${req.method} ${path}`, {
          code: null,
        }),
      );
    }
    const key = bearerKey(record.headers);
    if (key === "" || (options.apiKey !== undefined && key !== options.apiKey)) {
      // Like the real API, never echo the key back in full.
      return sendJson(
        401,
        errorBody(
          401,
          "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        ),
      );
    }
    try {
      record.body = JSON.parse(record.rawBody);
    } catch {
      return sendJson(400, errorBody(400, "We could not parse the JSON body of your request."));
    }
    const rejection = validateResponsesRequest(record.body, { issuedReasoning });
    if (rejection) {
      const { status, message, param, code } = rejection;
      return sendJson(status, errorBody(status, message, { param, code }));
    }

    const step = cursor.next(record);
    if (step.kind === "exhausted") {
      // x-should-retry: false so clients that honour it fail at once instead of backing off.
      return sendJson(500, errorBody(500, step.message), { "x-should-retry": "false" });
    }

    const body = record.body as { model: string; store?: unknown; include?: unknown };
    const ctx: ResponsesTurnContext = {
      responseId: nextId("resp"),
      model: body.model,
      requestBytes: Buffer.byteLength(record.rawBody),
      store: body.store !== false,
      includeEncrypted: Array.isArray(body.include) && body.include.includes("reasoning.encrypted_content"),
      nextId,
      issued: ({ id, encryptedContent }) => issuedReasoning.set(id, encryptedContent),
    };
    const events = turnEvents(step.turn, ctx);
    const sse = responsesWriter(res, options);
    if (step.kind === "turn") return serveEvents(exchange, sse, events);

    const fault = step.fault;
    switch (fault.kind) {
      case "http": {
        const message = `fake-openai (responses): injected ${fault.status}`;
        const body =
          fault.body ??
          errorBody(fault.status, message, fault.code === undefined ? {} : { code: fault.code });
        return sendJson(fault.status, body, fault.headers);
      }
      case "error_event":
      case "failed": {
        const code = fault.code ?? "server_error";
        const message =
          fault.message ??
          (code === "server_error"
            ? "An error occurred while processing your request. You can retry your request."
            : `fake-openai (responses): injected ${code}`);
        const tail =
          fault.kind === "failed"
            ? failureEvents(ctx, { code, message, failed: true })
            : failureEvents(ctx, {
                code,
                message,
                errorEvent: fault.shape ?? "nested",
                failed: fault.failed ?? true,
              });
        return serveEvents(exchange, sse, [...events.slice(0, fault.afterEvents), ...tail]);
      }
      default:
        return serveWireFault(fault, exchange, sse, events);
    }
  }

  const server = await startFakeHttpServer({
    port: options.port,
    requestIdHeader: "x-request-id",
    handle,
    crashBody: (error) => errorBody(500, `fake-openai (responses) crashed: ${String(error)}`),
  });
  return { url: `${server.origin}/v1`, requests: server.requests, close: server.close };
}
