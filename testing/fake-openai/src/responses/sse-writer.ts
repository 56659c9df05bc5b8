import type { ServerResponse } from "node:http";
import type { ResponsesStreamEvent } from "./turn-events.js";

export interface ResponsesSseOptions {
  /** Bytes per write; undefined = one write per frame. */
  chunkBytes?: number;
  crlf?: boolean;
  /** A `: keepalive` comment line before every frame but the first. */
  keepalive?: boolean;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes Responses SSE frames (`event: <type>` + `data: <json>`, each with the next
 * `sequence_number`) the way a real server does, with optional wire hazards: small writes
 * (splitting frames, even UTF-8 characters), CRLF line endings and keep-alive comments.
 * Yields to the event loop between writes so each write leaves as its own network chunk.
 * (Kept separate from the Chat Completions fake's writer: the two wire formats differ.)
 */
export class ResponsesSseWriter {
  readonly #res: ServerResponse;
  readonly #options: ResponsesSseOptions;
  #sequence = 0;

  constructor(res: ServerResponse, options: ResponsesSseOptions) {
    this.#res = res;
    this.#options = options;
  }

  async send(events: ResponsesStreamEvent[]): Promise<void> {
    const eol = this.#options.crlf ? "\r\n" : "\n";
    for (const event of events) {
      let text = "";
      if (this.#options.keepalive && this.#sequence > 0) text += `: keepalive${eol}`;
      const data = JSON.stringify({ ...event.payload, sequence_number: this.#sequence });
      text += `event: ${event.type}${eol}data: ${data}${eol}${eol}`;
      this.#sequence += 1;
      await this.#write(Buffer.from(text, "utf8"));
    }
  }

  async #write(bytes: Buffer): Promise<void> {
    const size =
      this.#options.chunkBytes && this.#options.chunkBytes > 0 ? this.#options.chunkBytes : bytes.length;
    for (let offset = 0; offset < bytes.length; offset += size) {
      if (this.#res.destroyed) return;
      this.#res.write(bytes.subarray(offset, offset + size));
      await nextTick();
    }
  }

  /** Resolves once everything written so far has been handed to the socket. */
  flushed(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#res.destroyed) resolve();
      else this.#res.write("", () => resolve());
    });
  }
}
