import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { validateMessagesRequest } from "./request-validation.js";
import { ScriptCursor } from "./script-cursor.js";
import { SseWriter } from "./sse-writer.js";
import { type StreamEvent, turnEvents } from "./turn-events.js";
import type { FakeAnthropicServer, FakeFault, FakeServerOptions, RecordedRequest } from "./types.js";

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

function presentedKey(headers: Record<string, string>): string {
  const apiKey = headers["x-api-key"];
  if (apiKey) return apiKey;
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "");
  return match?.[1] ?? "";
}

/** Starts an in-process fake of `POST /v1/messages` that streams scripted turns. */
export async function startFakeAnthropic(options: FakeServerOptions): Promise<FakeAnthropicServer> {
  const requests: RecordedRequest[] = [];
  const cursor = new ScriptCursor(options.script);
  let toolUseCounter = 0;
  let messageCounter = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify(errorBody("api_error", `fake-anthropic crashed: ${String(error)}`, "req_fake")),
        );
      } else {
        res.destroy();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const record: RecordedRequest = {
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
      res.writeHead(status, { "content-type": "application/json", "request-id": requestId, ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const sendError = (status: number, message: string, headers?: Record<string, string>) =>
      sendJson(status, errorBody(errorTypeFor(status), message, requestId), headers);

    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "POST" || path !== "/v1/messages") {
      return sendError(404, `fake-anthropic serves POST /v1/messages only, not ${req.method} ${path}`);
    }
    const key = presentedKey(record.headers);
    if (key === "" || (options.apiKey !== undefined && key !== options.apiKey)) {
      return sendError(401, "invalid x-api-key");
    }
    try {
      record.body = JSON.parse(rawBody);
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
      requestBytes: Buffer.byteLength(rawBody),
      nextToolUseId: () => `toolu_${++toolUseCounter}`,
    });
    if (step.kind === "fault") return serveFault(step.fault, events);

    startStream();
    await writer().send(events);
    res.end();

    function startStream(): void {
      record.status = 200;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "request-id": requestId,
      });
    }
    function writer(): SseWriter {
      return new SseWriter(res, options);
    }

    async function serveFault(fault: FakeFault, turnStream: StreamEvent[]): Promise<void> {
      switch (fault.kind) {
        case "http": {
          const body =
            fault.body ??
            errorBody(errorTypeFor(fault.status), `fake-anthropic: injected ${fault.status}`, requestId);
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
        case "error_frame": {
          startStream();
          const sse = writer();
          await sse.send(turnStream.slice(0, fault.afterEvents));
          const type = fault.errorType ?? "overloaded_error";
          await sse.send([
            {
              name: "error",
              payload: {
                type: "error",
                error: {
                  type,
                  message:
                    fault.message ??
                    (type === "overloaded_error" ? "Overloaded" : `fake-anthropic: injected ${type}`),
                },
              },
            },
          ]);
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
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
