import { type ProviderSelection, type SelectProviderOptions, selectProvider } from "./select-provider.js";

/** Picks a provider and model mid-session (`/model`): same rules as startup, from a spec. */
export type SelectModel = (spec: string, options?: { providerName?: string }) => ProviderSelection;

/**
 * A `selectModel` bound to the session's environment, settings providers and catalog. `spec`
 * is `id` or `provider/id`; the environment's `ANTHROPIC_MODEL` and settings `model` play no
 * part (the user named the model). Throws `SdkError` like `selectProvider`.
 */
export function modelSelector(
  context: Omit<SelectProviderOptions, "model" | "providerName" | "settingsModel">,
): SelectModel {
  return (spec, options = {}) =>
    selectProvider({
      ...context,
      env: { ...context.env, ANTHROPIC_MODEL: undefined },
      model: spec,
      ...(options.providerName !== undefined ? { providerName: options.providerName } : {}),
    });
}
