const PROVIDER_SECRETS = new Set(["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "OPENAI_API_KEY"]);

/** Names whose values must not reach commands the model runs (they could print or send them). */
export function isSecretEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    PROVIDER_SECRETS.has(upper) ||
    upper.endsWith("_API_KEY") ||
    upper.endsWith("_TOKEN") ||
    upper.includes("SECRET")
  );
}

/** The environment for shell commands: `base` without unset entries and without secrets. */
export function buildChildEnv(base: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !isSecretEnvName(name)) env[name] = value;
  }
  return env;
}
