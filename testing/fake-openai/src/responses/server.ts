import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { validateResponsesRequest } from "./request-validation.js";
import { ResponsesScriptCursor } from "./script-cursor.js";
import { ResponsesSseWriter } from "./sse-writer.js";
import {
  failureEvents,
  type ResponsesStreamEvent,
  type ResponsesTurnContext,
  turnEvents,
} from "./turn-events.js";
import type {
  FakeResponsesFault,
  FakeResponsesOptions,
  FakeResponsesRecordedRequest,
  FakeResponsesServer,
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

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function bearerKey(headers: Record<string, string>): string {
  return /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "")?.[1] ?? "";
}

/** Starts an in-process fake of `POST /v1/responses` that streams scripted turns. */
export async function startFakeOpenAIResponses(options: FakeResponsesOptions): Promise<FakeResponsesServer> {
  const requests: FakeResponsesRecordedRequest[] = [];
  const cursor = new ResponsesScriptCursor(options.script);
  const issuedReasoning = new Map<string, string | undefined>();
  const counters = new Map<string, number>();
  const nextId = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}_fake_${n}`;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify(errorBody(500, `fake-openai (responses) crashed: ${String(error)}`)));
      } else {
        res.destroy();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const record: FakeResponsesRecordedRequest = {
      index: requests.length,
      headers: flattenHeaders(req),
      rawBody,
      body: undefined,
      status: 0,
    };
    requests.push(record);
    const requestId = `req_fake_${record.index}`;

    const sendJson = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { "content-type": "application/json", "x-request-id": requestId, ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };

    const path = (req.url ?? "").split("?")[0];
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
      record.body = JSON.parse(rawBody);
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
      requestBytes: Buffer.byteLength(rawBody),
      store: body.store !== false,
      includeEncrypted: Array.isArray(body.include) && body.include.includes("reasoning.encrypted_content"),
      nextId,
      issued: ({ id, encryptedContent }) => issuedReasoning.set(id, encryptedContent),
    };
    const events = turnEvents(step.turn, ctx);
    if (step.kind === "fault") return serveFault(step.fault, events, ctx);

    startStream();
    await writer().send(events);
    res.end();

    function startStream(): void {
      record.status = 200;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "x-request-id": requestId,
      });
    }
    function writer(): ResponsesSseWriter {
      return new ResponsesSseWriter(res, options);
    }

    async function serveFault(
      fault: FakeResponsesFault,
      turnStream: ResponsesStreamEvent[],
      turnCtx: ResponsesTurnContext,
    ): Promise<void> {
      switch (fault.kind) {
        case "http": {
          const message = `fake-openai (responses): injected ${fault.status}`;
          const body =
            fault.body ??
            errorBody(fault.status, message, fault.code === undefined ? {} : { code: fault.code });
          return sendJson(fault.status, body, fault.headers);
        }
        case "reset": {
          if (fault.afterEvents <= 0) {
            req.socket.resetAndDestroy();
            return;
          }
          startStream();
          const sse = writer();
          await sse.send(turnStream.slice(0, fault.afterEvents));
          await sse.flushed();
          req.socket.destroy();
          return;
        }
        case "error_event":
        case "failed": {
          startStream();
          const sse = writer();
          await sse.send(turnStream.slice(0, fault.afterEvents));
          const code = fault.code ?? "server_error";
          const message =
            fault.message ??
            (code === "server_error"
              ? "An error occurred while processing your request. You can retry your request."
              : `fake-openai (responses): injected ${code}`);
          const tail =
            fault.kind === "failed"
              ? failureEvents(turnCtx, { code, message, failed: true })
              : failureEvents(turnCtx, {
                  code,
                  message,
                  errorEvent: fault.shape ?? "nested",
                  failed: fault.failed ?? true,
                });
          await sse.send(tail);
          res.end();
          return;
        }
        case "end": {
          startStream();
          await writer().send(turnStream.slice(0, fault.afterEvents));
          res.end();
          return;
        }
        case "stall": {
          startStream();
          await writer().send(turnStream.slice(0, fault.afterEvents));
          // Silent until the client disconnects (or close() drops the connection).
          await new Promise<void>((resolve) => res.once("close", () => resolve()));
          return;
        }
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
