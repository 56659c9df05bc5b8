export { type CreateAgentOptions, type CreatedAgent, createAgent, DEFAULT_MODEL } from "./create-agent.js";
export { type Env, keelHome, projectSessionDir } from "./keel-home.js";
export { intFromEnv, type ProviderSelection, providerFromEnv } from "./provider-from-env.js";
export { SdkError, type SdkErrorKind } from "./sdk-error.js";
export { type LoadedSettings, type LoadSettingsOptions, loadSettings } from "./settings/load-settings.js";
export { validateSettings } from "./settings/validate-settings.js";
export { contextBlock, defaultSystemPrompt } from "./system-prompt.js";
