import type { ModelResponse, ProviderEvent } from "@keel/protocol";
import { abortedError, type ProviderError } from "../provider-error.js";

/** Turns one API's parsed stream events into Keel provider events. */
export interface StreamAssembler {
  /** Takes one parsed event (or chunk); returns the provider events it completes. Throws a ProviderError for an error frame. */
  accept(event: unknown): Iterable<ProviderEvent>;
  /** The complete response once the stream has ended; throws a ProviderError when it ended too early. */
  finish(): ModelResponse;
}

export interface AssembledStreamOptions {
  signal: AbortSignal;
  /** Sends the request; resolves to the SDK's stream of parsed events. */
  open: () => Promise<AsyncIterable<unknown>>;
  assembler: StreamAssembler;
  /** Maps whatever the SDK threw (opening or reading) to a classified ProviderError. */
  classify: (error: unknown) => ProviderError;
}

/**
 * The lifecycle every SDK-backed provider shares: open the stream, feed each event to the
 * assembler, classify every failure, abort the HTTP request when the consumer stops early,
 * and end with exactly one `message_end`.
 */
export async function* streamAssembled(options: AssembledStreamOptions): AsyncGenerator<ProviderEvent> {
  const { signal, assembler, classify } = options;
  let events: AsyncIterator<unknown>;
  try {
    const stream = await options.open();
    events = stream[Symbol.asyncIterator]();
  } catch (error) {
    throw classify(error);
  }

  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await events.next();
      } catch (error) {
        throw classify(error);
      }
      if (next.done) break; // the terminal event, or the body ended: finish() tells which
      yield* assembler.accept(next.value);
    }
    finished = true;
  } finally {
    // Stopping early (consumer broke out, error) aborts the HTTP request.
    if (!finished) await events.return?.().catch(() => undefined);
  }
  // The SDKs end the stream quietly when the signal aborts; that is not a completed message.
  if (signal.aborted) throw abortedError(signal.reason);
  yield { type: "message_end", response: assembler.finish() };
}
