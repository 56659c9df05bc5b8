export {
  type AgentDefinition,
  type AgentSource,
  agentTypeInfos,
} from "./agents/agent-definition.js";
export { BUILTIN_AGENTS } from "./agents/builtin-agents.js";
export { type LoadedAgentDefinitions, loadAgentDefinitions } from "./agents/load-agent-definitions.js";
export { expandCommand, splitArguments } from "./commands/expand-command.js";
export {
  type CustomCommand,
  findCustomCommand,
  type LoadedCommands,
  loadCustomCommands,
} from "./commands/load-custom-commands.js";
export { type CreateAgentOptions, type CreatedAgent, createAgent, DEFAULT_MODEL } from "./create-agent.js";
export { type Env, keelHome, projectSessionDir } from "./keel-home.js";
export { type LoadedMemory, loadMemoryFiles, type MemoryFile } from "./memory/load-memory-files.js";
export { intFromEnv, type ProviderSelection, providerFromEnv } from "./provider-from-env.js";
export { BUILTIN_PROVIDERS, type ProviderApi } from "./provider-selection/builtin-providers.js";
export {
  type CreateProvider,
  createProvider,
  type ProviderSpec,
} from "./provider-selection/create-provider.js";
export { modelSelector, type SelectModel } from "./provider-selection/select-model.js";
export {
  type SelectProviderOptions,
  selectProvider,
  splitModelSpec,
} from "./provider-selection/select-provider.js";
export { SdkError, type SdkErrorKind } from "./sdk-error.js";
export { type LoadedSettings, type LoadSettingsOptions, loadSettings } from "./settings/load-settings.js";
export type { CompactionSettings, ModelSettings, ProviderSettings } from "./settings/settings-schema.js";
export { validateSettings } from "./settings/validate-settings.js";
export {
  addPermissionRule,
  type RuleEdit,
  removePermissionRule,
  type SettingsScope,
  settingsFilePath,
} from "./settings-writer/index.js";
export { createSubagentRunner } from "./subagents/create-subagent-runner.js";
export {
  contextBlock,
  defaultSystemPrompt,
  type GitContext,
  loadSessionContext,
  readGitContext,
  type SessionContext,
} from "./system-prompt.js";
