import {
  AnthropicProvider,
  type ModelProvider,
  OpenAIChatProvider,
  OpenAIResponsesProvider,
} from "@keel/provider";
import type { ChatQuirkSettings } from "../settings/settings-schema.js";
import type { ProviderApi } from "./builtin-providers.js";

/** Everything needed to build one provider. Holds the credential: never log or persist it. */
export interface ProviderSpec {
  /** The provider's name in Keel (`anthropic`, `openai`, `local`…). */
  name: string;
  api: ProviderApi;
  /** Undefined: the API's official endpoint. */
  baseUrl?: string;
  apiKey?: string;
  /** Anthropic bearer token (`ANTHROPIC_AUTH_TOKEN`). */
  authToken?: string;
  headers?: Record<string, string>;
  /** Chat Completions quirks from settings; the adapter fills the rest from `defaultChatQuirks(baseUrl)`. */
  quirks?: ChatQuirkSettings;
}

/** Builds a provider from a spec. Injected by tests and embedders; must not read the environment. */
export type CreateProvider = (spec: ProviderSpec) => ModelProvider;

/** The real adapters. Each loads its SDK on first use, so building one is cheap. */
export const createProvider: CreateProvider = (spec) => {
  const apiKey = spec.apiKey !== undefined ? { apiKey: spec.apiKey } : {};
  const baseUrl = spec.baseUrl !== undefined ? { baseUrl: spec.baseUrl } : {};
  switch (spec.api) {
    case "anthropic":
      return new AnthropicProvider({
        ...apiKey,
        ...(spec.authToken !== undefined ? { authToken: spec.authToken } : {}),
        ...baseUrl,
        ...(spec.headers ? { defaultHeaders: spec.headers } : {}),
      });
    case "openai-chat":
      return new OpenAIChatProvider({
        id: spec.name,
        ...apiKey,
        ...baseUrl,
        ...(spec.quirks ? { quirks: spec.quirks } : {}),
        ...(spec.headers ? { headers: spec.headers } : {}),
      });
    case "openai-responses":
      return new OpenAIResponsesProvider({
        ...apiKey,
        ...baseUrl,
        ...(spec.headers ? { headers: spec.headers } : {}),
      });
  }
};
