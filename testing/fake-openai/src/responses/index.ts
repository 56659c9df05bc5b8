/**
 * A fake OpenAI Responses API (`POST /v1/responses`, streaming) for tests: real SSE frames
 * (`event: <type>` + `data:` with `sequence_number`) from scripted turns, faults (HTTP errors
 * with retry headers, resets, an `error` event then `response.failed`, a clean end before the
 * terminal event, stalls), wire hazards (small chunks, CRLF, keep-alive comments), 400/404s for
 * what the real API rejects, and every request recorded.
 *
 *   const fake = await startFakeOpenAIResponses({
 *     chunkBytes: 7,
 *     script: [
 *       { output: [{ type: "reasoning", summary: ["plan"] },
 *                  { type: "function_call", name: "Read", arguments: { file_path: "/a" } }],
 *         faults: [{ kind: "http", status: 429, headers: { "retry-after": "1" } }] },
 *       { output: [{ type: "message", text: "Done." }] },
 *     ],
 *   });
 *   // baseURL = fake.url (ends in /v1); then inspect fake.requests; await fake.close()
 */
export { type ResponsesRejection, validateResponsesRequest } from "./request-validation.js";
export { startFakeOpenAIResponses } from "./server.js";
export type {
  FakeResponsesFault,
  FakeResponsesOptions,
  FakeResponsesOutputItem,
  FakeResponsesRecordedRequest,
  FakeResponsesScript,
  FakeResponsesServer,
  FakeResponsesTurn,
  FakeResponsesUsage,
} from "./types.js";
