// The pieces every fake API server shares (`@keel/fake-anthropic/fake-server`): fake-openai's
// servers are built from them too.
export {
  bearerKey,
  type FakeExchange,
  type FakeHttpServer,
  type FakeHttpServerOptions,
  type RecordedHttpRequest,
  startFakeHttpServer,
} from "./fake-http-server.js";
export { type Script, ScriptCursor, type ScriptedTurn, type ScriptStep } from "./script-cursor.js";
export { type EventStreamWriter, serveEvents, serveWireFault, type WireFault } from "./serve-events.js";
export { type SseWireOptions, SseWriter, type SseWriterOptions } from "./sse-writer.js";
export { roundRobin, splitIntoPieces } from "./stream-pieces.js";
