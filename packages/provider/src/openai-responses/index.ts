export {
  classifyOpenAIResponsesError,
  classifyResponsesErrorEvent,
  classifyResponsesHttpError,
  type ResponsesHttpErrorFacts,
} from "./error-classification.js";
export {
  OpenAIResponsesProvider,
  type OpenAIResponsesProviderOptions,
} from "./openai-responses-provider.js";
export {
  decodeResponsesReasoning,
  encodeResponsesReasoning,
  isResponsesReasoningMarker,
  type ResponsesReasoningRef,
} from "./reasoning-marker.js";
export { ResponsesStreamAssembler } from "./stream-assembler.js";
export {
  type ReasoningEffort,
  type ResponsesInputContent,
  type ResponsesInputItem,
  type ResponsesRequestBody,
  type ResponsesRequestOptions,
  type ResponsesTool,
  reasoningEffortFor,
  toResponsesInput,
  toResponsesRequestBody,
} from "./wire-request.js";
