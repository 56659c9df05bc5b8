import type { ServerResponse } from "node:http";
import type { StreamEvent } from "./turn-events.js";

export interface SseWireOptions {
  /** Bytes per write; undefined = one write per frame. */
  chunkBytes?: number;
  crlf?: boolean;
  pings?: boolean;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes SSE frames the way a real server does, with optional wire hygiene hazards: small
 * writes (splitting frames, even UTF-8 characters), CRLF line endings and ping frames.
 * Yields to the event loop between writes so each write leaves as its own network chunk.
 */
export class SseWriter {
  readonly #res: ServerResponse;
  readonly #options: SseWireOptions;
  #framesWritten = 0;

  constructor(res: ServerResponse, options: SseWireOptions) {
    this.#res = res;
    this.#options = options;
  }

  #encode(name: string, data: string): string {
    const eol = this.#options.crlf ? "\r\n" : "\n";
    return `event: ${name}${eol}data: ${data}${eol}${eol}`;
  }

  /** Sends the frames (with a ping before every frame but the first, if enabled). */
  async send(events: StreamEvent[]): Promise<void> {
    for (const event of events) {
      let text = "";
      if (this.#options.pings && this.#framesWritten > 0) text += this.#encode("ping", '{"type": "ping"}');
      text += this.#encode(event.name, JSON.stringify(event.payload));
      this.#framesWritten += 1;
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
