export { AnthropicProvider, type AnthropicProviderOptions } from "./anthropic/anthropic-provider.js";
export { MAX_CACHE_BREAKPOINTS } from "./anthropic/cache-breakpoints.js";
export {
  classifyErrorFrame,
  classifyHttpError,
  type HttpErrorFacts,
  parseRetryAfterMs,
} from "./anthropic/error-classification.js";
export { AnthropicStreamAssembler } from "./anthropic/stream-assembler.js";
export {
  toAnthropicMessage,
  toWireRequestBody,
  type WireMessage,
  type WireRequestBody,
} from "./anthropic/wire-request.js";
export { ANTHROPIC_MODELS } from "./catalog/anthropic-models.js";
export { costUsd, type PricedUsage, priceUsage } from "./catalog/cost.js";
export { DEFAULT_MODELS, defaultModelCatalog } from "./catalog/default-model-catalog.js";
export {
  createModelCatalog,
  type ModelCatalog,
  type ModelInfo,
  type ModelOverride,
  type ModelOverrides,
  type ModelPrice,
  type ResolvedModel,
  UNKNOWN_MODEL_DEFAULTS,
} from "./catalog/model-catalog.js";
export { OPENAI_MODELS } from "./catalog/openai-models.js";
export type { ModelProvider, ModelRequest, StreamHooks } from "./model-provider.js";
export * from "./openai-chat/index.js";
export * from "./openai-responses/index.js";
export { abortedError, ProviderError } from "./provider-error.js";
export { abortableSleep, retryDelayMs } from "./retry/retry-delay.js";
export { type RetryInfo, type StreamWithRetryOptions, streamWithRetry } from "./retry/stream-with-retry.js";
export {
  ScriptedProvider,
  type ScriptedProviderOptions,
  type ScriptedTurn,
  type ScriptedTurns,
} from "./scripted/scripted-provider.js";
