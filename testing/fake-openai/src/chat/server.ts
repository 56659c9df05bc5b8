import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { validateChatCompletionsRequest } from "./request-validation.js";
import { ChatScriptCursor } from "./script-cursor.js";
import { ChatSseWriter } from "./sse-writer.js";
import { turnChunks } from "./turn-chunks.js";
import type {
  FakeChatFault,
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

function bearer(headers: Record<string, string>): string {
  return /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "")?.[1] ?? "";
}

/** Starts an in-process fake of `POST /v1/chat/completions` (streaming) that serves scripted turns. */
export async function startFakeOpenAIChat(options: FakeOpenAIChatOptions): Promise<FakeOpenAIChatServer> {
  const requests: RecordedChatRequest[] = [];
  const cursor = new ChatScriptCursor(options.script);
  const dialect = options.dialect ?? {};
  let toolCallCounter = 0;
  let completionCounter = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify(errorBody(500, `fake-openai chat crashed: ${String(error)}`)));
      } else {
        res.destroy();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const record: RecordedChatRequest = {
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
      const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
      if (typeof message === "string") record.error = message;
      res.writeHead(status, { "content-type": "application/json", "x-request-id": requestId, ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };

    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "POST" || path !== CHAT_PATH) {
      return sendJson(
        404,
        errorBody(404, `fake-openai chat serves POST ${CHAT_PATH} only, not ${req.method} ${path}`),
      );
    }
    const key = bearer(record.headers);
    if (options.apiKey !== null && (key === "" || (options.apiKey !== undefined && key !== options.apiKey))) {
      const message = key === "" ? "You didn't provide an API key." : "Incorrect API key provided.";
      return sendJson(401, errorBody(401, message));
    }
    try {
      record.body = JSON.parse(rawBody);
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
      requestBytes: Buffer.byteLength(rawBody),
      includeUsage: body.stream_options?.include_usage === true,
      dialect,
      nextToolCallId: () => `call_fake_${++toolCallCounter}`,
    });
    if (step.kind === "fault") return serveFault(step.fault, chunks);

    startStream();
    const sse = writer();
    await sse.send(chunks);
    await sse.done();
    res.end();

    function startStream(): void {
      record.status = 200;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "x-request-id": requestId,
      });
    }
    function writer(): ChatSseWriter {
      return new ChatSseWriter(res, options);
    }

    async function serveFault(fault: FakeChatFault, turnStream: unknown[]): Promise<void> {
      switch (fault.kind) {
        case "http":
          return sendJson(
            fault.status,
            fault.body ?? errorBody(fault.status, undefined, fault.code),
            fault.headers,
          );
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
          await sse.send([
            {
              error: {
                message:
                  fault.message ?? "The server had an error while processing your request. Sorry about that!",
                type: fault.errorType ?? "server_error",
                param: null,
                code: fault.code ?? null,
              },
            },
          ]);
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
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseUrl: `${url}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
