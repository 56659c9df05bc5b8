export { type CreateAgentOptions, type CreatedAgent, createAgent, DEFAULT_MODEL } from "./create-agent.js";
export { type Env, keelHome, projectSessionDir } from "./keel-home.js";
export { intFromEnv, type ProviderSelection, providerFromEnv } from "./provider-from-env.js";
export { SdkError, type SdkErrorKind } from "./sdk-error.js";
export { contextBlock, defaultSystemPrompt } from "./system-prompt.js";
