import type { ServerResponse } from "node:http";

export interface SseWireOptions {
  /** Split the stream into writes of this many bytes (may split UTF-8 characters). Default: one write per frame. */
  chunkBytes?: number;
  /** Use `\r\n` line endings. */
  crlf?: boolean;
}

export interface SseWriterOptions<Event> extends SseWireOptions {
  /** The lines of one event's frame (`event: …`, `data: …`); `frameIndex` counts frames written before it. */
  encode: (event: Event, frameIndex: number) => readonly string[];
  /**
   * Lines written before every frame but the first, in the same write: pings, keep-alive
   * comments. End them with `""` to make them a frame of their own.
   */
  keepAlive?: readonly string[] | undefined;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes SSE frames the way a real server does, with optional wire hazards: small writes
 * (splitting frames, even UTF-8 characters), CRLF line endings and keep-alive lines. Yields
 * to the event loop between writes so each write leaves as its own network chunk.
 */
export class SseWriter<Event> {
  readonly #res: ServerResponse;
  readonly #options: SseWriterOptions<Event>;
  #framesWritten = 0;

  constructor(res: ServerResponse, options: SseWriterOptions<Event>) {
    this.#res = res;
    this.#options = options;
  }

  /** Sends each event as one frame. */
  async send(events: readonly Event[]): Promise<void> {
    for (const event of events) await this.sendFrame(this.#options.encode(event, this.#framesWritten));
  }

  /** Sends one frame of these lines (and the blank line that ends it), e.g. a `data: [DONE]` terminator. */
  async sendFrame(lines: readonly string[]): Promise<void> {
    const eol = this.#options.crlf ? "\r\n" : "\n";
    const keepAlive = this.#framesWritten > 0 ? (this.#options.keepAlive ?? []) : [];
    const text = [...keepAlive, ...lines].map((line) => `${line}${eol}`).join("") + eol;
    this.#framesWritten += 1;
    await this.#write(Buffer.from(text, "utf8"));
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
