import type { ServerResponse } from "node:http";

export interface ChatSseWireOptions {
  /** Bytes per write; undefined = one write per frame. */
  chunkBytes?: number;
  crlf?: boolean;
  /** A `: keep-alive` comment before every frame but the first. */
  keepAlive?: boolean;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes Chat Completions SSE: data-only frames (`data: <json>` + blank line, no `event:`
 * lines) and the `data: [DONE]` terminator, with optional wire hazards (small writes that split
 * frames and UTF-8 characters, CRLF, keep-alive comments). Yields to the event loop between
 * writes so each write leaves as its own network chunk. (Own copy of fake-anthropic's writer:
 * the framing differs.)
 */
export class ChatSseWriter {
  readonly #res: ServerResponse;
  readonly #options: ChatSseWireOptions;
  #framesWritten = 0;

  constructor(res: ServerResponse, options: ChatSseWireOptions) {
    this.#res = res;
    this.#options = options;
  }

  #frame(data: string): string {
    const eol = this.#options.crlf ? "\r\n" : "\n";
    const comment = this.#options.keepAlive && this.#framesWritten > 0 ? `: keep-alive${eol}${eol}` : "";
    this.#framesWritten += 1;
    return `${comment}data: ${data}${eol}${eol}`;
  }

  /** Sends each payload as one `data:` frame. */
  async send(payloads: readonly unknown[]): Promise<void> {
    for (const payload of payloads)
      await this.#write(Buffer.from(this.#frame(JSON.stringify(payload)), "utf8"));
  }

  /** Sends the `data: [DONE]` terminator. */
  async done(): Promise<void> {
    await this.#write(Buffer.from(this.#frame("[DONE]"), "utf8"));
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
