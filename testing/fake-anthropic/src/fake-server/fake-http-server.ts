import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a fake received, with what it answered. */
export interface RecordedHttpRequest {
  /** 0-based position among all requests received (400s and faults included). */
  index: number;
  /** Lower-cased header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  rawBody: string;
  /** The parsed JSON body, or undefined when it did not parse. */
  body: unknown;
  /** HTTP status answered; 0 when the connection was dropped before any status was sent. */
  status: number;
}

/** One request being answered: what arrived and the ways a fake answers it. */
export interface FakeExchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Already in `requests`; the handler fills in `body`. */
  readonly record: RecordedHttpRequest;
  /** `req_fake_<index>`, sent in the request-id header of every answer. */
  readonly requestId: string;
  /** The path without the query string. */
  readonly path: string;
  /** Answers with a JSON body (a string is sent as is) and records the status. */
  sendJson(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Sends the headers of a 200 event stream and records the status. */
  startStream(): void;
}

export interface FakeHttpServerOptions {
  /** Default 0 (an ephemeral port). */
  port?: number | undefined;
  /** The header that carries the request id: `request-id` (Anthropic) or `x-request-id` (OpenAI). */
  requestIdHeader: string;
  /**
   * Answers one request. It must answer (or drop the connection) before it resolves; what it
   * throws is answered with a 500 carrying `crashBody`.
   */
  handle: (exchange: FakeExchange) => Promise<void>;
  /** The JSON error body for a handler that threw. */
  crashBody: (error: unknown) => unknown;
}

export interface FakeHttpServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  origin: string;
  /** Every request received, in arrival order (live array). */
  requests: RecordedHttpRequest[];
  /** Stops listening and drops open connections (stalled streams included). */
  close(): Promise<void>;
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

/** The scaffolding every fake API shares: reading and recording requests, crashes, listening, closing. */
export async function startFakeHttpServer(options: FakeHttpServerOptions): Promise<FakeHttpServer> {
  const requests: RecordedHttpRequest[] = [];

  const server = createServer((req, res) => {
    exchange(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify(options.crashBody(error)));
      } else {
        res.destroy();
      }
    });
  });

  async function exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const record: RecordedHttpRequest = {
      index: requests.length,
      headers: flattenHeaders(req),
      rawBody,
      body: undefined,
      status: 0,
    };
    requests.push(record);
    const requestId = `req_fake_${record.index}`;
    await options.handle({
      req,
      res,
      record,
      requestId,
      path: (req.url ?? "").split("?")[0] ?? "",
      sendJson(status, body, headers = {}) {
        record.status = status;
        res.writeHead(status, {
          "content-type": "application/json",
          [options.requestIdHeader]: requestId,
          ...headers,
        });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
      },
      startStream() {
        record.status = 200;
        res.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache",
          [options.requestIdHeader]: requestId,
        });
      },
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** `Authorization: Bearer <key>`'s key, or `""`. */
export function bearerKey(headers: Record<string, string>): string {
  return /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "")?.[1] ?? "";
}
