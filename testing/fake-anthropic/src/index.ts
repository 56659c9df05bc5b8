export { validateMessagesRequest } from "./request-validation.js";
export { startFakeAnthropic } from "./server.js";
export type {
  FakeAnthropicServer,
  FakeContentBlock,
  FakeFault,
  FakeScript,
  FakeServerOptions,
  FakeTurn,
  FakeUsage,
  RecordedRequest,
} from "./types.js";
