import type { FakeExchange } from "./fake-http-server.js";

/**
 * The failures every fake serves alike. `afterEvents` counts the turn's own events (never
 * pings or keep-alive comments).
 */
export type WireFault =
  /** Stream some events then drop the connection; `afterEvents: 0` drops it before any headers. */
  | { kind: "reset"; afterEvents: number }
  /** Stream some events, then end the body cleanly without the terminal event. */
  | { kind: "end"; afterEvents: number }
  /** Stream some events, then go silent with the socket open until the client gives up. */
  | { kind: "stall"; afterEvents: number };

/** Writes events as SSE; see `SseWriter`. */
export interface EventStreamWriter<Event> {
  send(events: readonly Event[]): Promise<void>;
  flushed(): Promise<void>;
}

/** Answers with a 200 event stream of `events`, then ends the response. */
export async function serveEvents<Event>(
  exchange: FakeExchange,
  writer: EventStreamWriter<Event>,
  events: readonly Event[],
): Promise<void> {
  exchange.startStream();
  await writer.send(events);
  exchange.res.end();
}

/** Serves a `WireFault`: the first `afterEvents` of the turn's events, then the failure. */
export async function serveWireFault<Event>(
  fault: WireFault,
  exchange: FakeExchange,
  writer: EventStreamWriter<Event>,
  turnEvents: readonly Event[],
): Promise<void> {
  if (fault.kind === "reset" && fault.afterEvents <= 0) {
    exchange.req.socket.resetAndDestroy();
    return;
  }
  exchange.startStream();
  await writer.send(turnEvents.slice(0, fault.afterEvents));
  switch (fault.kind) {
    case "reset":
      await writer.flushed();
      exchange.req.socket.destroy();
      return;
    case "end":
      exchange.res.end();
      return;
    case "stall":
      // Silent until the client disconnects (or close() drops the connection).
      await new Promise<void>((resolve) => exchange.res.once("close", () => resolve()));
      return;
  }
}
