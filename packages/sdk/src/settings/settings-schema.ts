import { PERMISSION_MODES } from "@keel/permissions";
import { z } from "zod";
import { PROVIDER_APIS, type ProviderApi } from "../provider-selection/builtin-providers.js";

/**
 * The settings keys Keel reads now (Claude Code's shapes, compat §1). Each key is validated on
 * its own so one bad key (or list entry) is reported and skipped while the rest still applies.
 */
export const SETTINGS_KEYS = {
  model: z.string().min(1),
  env: z.record(z.string(), z.string()),
  sandbox: z.strictObject({ enabled: z.boolean().optional(), allowNetwork: z.boolean().optional() }),
  trustedProjects: z.array(z.string()),
  autoCompact: z.boolean(),
  compaction: z.strictObject({
    warnAt: z.number().positive().optional(),
    microAt: z.number().positive().optional(),
    autoAt: z.number().positive().optional(),
    reserveTokens: z.number().int().nonnegative().optional(),
    keepRecentTurns: z.number().int().nonnegative().optional(),
  }),
  /** A model id or spec; Claude Code's list form is accepted and its first entry used. */
  fallbackModel: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
    error: "expected a model id (or a list of them, the first is used)",
  }),
} as const;

const rate = z.number().nonnegative();
const tokens = z.number().int().positive();

/** One `models` entry (the catalog override; issue "long sessions" uses the same map). */
export const MODEL_SETTINGS = z.strictObject({
  contextWindow: tokens.optional(),
  maxOutputTokens: tokens.optional(),
  price: z
    .strictObject({
      inputPerMTok: rate.optional(),
      outputPerMTok: rate.optional(),
      cacheReadPerMTok: rate.optional(),
      cacheWritePerMTok: rate.optional(),
    })
    .optional(),
});

/** Provider names are `[A-Za-z0-9._-]`: `/` separates a provider from a model in `local/qwen3`. */
export const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** One `providers` entry. `api` is required except when refining a built-in provider. */
export const PROVIDER_SETTINGS = z.strictObject({
  api: z.enum(PROVIDER_APIS).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name, not a key")
    .optional(),
  headers: z.record(z.string(), z.string()).optional(),
  quirks: z
    .strictObject({
      developerRole: z.boolean().optional(),
      maxTokensField: z.enum(["max_tokens", "max_completion_tokens"]).optional(),
      toolCallsWithoutIndex: z.boolean().optional(),
      stopWithToolCalls: z.boolean().optional(),
      noUsage: z.boolean().optional(),
      reasoningField: z.enum(["reasoning_content", "reasoning"]).optional(),
    })
    .optional(),
  models: z.array(z.string().min(1)).optional(),
});

export const PERMISSIONS_KEYS = {
  allow: z.array(z.string()),
  ask: z.array(z.string()),
  deny: z.array(z.string()),
  defaultMode: z.enum(PERMISSION_MODES as unknown as [string, ...string[]]),
  additionalDirectories: z.array(z.string()),
} as const;

/** The valid entries of a list, each with its index in the file (for messages). */
export type IndexedList = Array<{ index: number; value: string }>;

/** One settings source after validation: only the keys that were valid. */
export interface SettingsData {
  model?: string;
  sandbox?: { enabled?: boolean; allowNetwork?: boolean };
  /** User settings only: project roots whose shared `.keel/settings.json` may widen permissions. */
  trustedProjects?: string[];
  env?: Record<string, string>;
  /** By provider name. */
  providers?: Record<string, ProviderSettings>;
  /** By model id or `provider/id`. */
  models?: Record<string, ModelSettings>;
  fallbackModel?: string;
  autoCompact?: boolean;
  compaction?: CompactionSettings;
  permissions?: {
    allow?: IndexedList;
    ask?: IndexedList;
    deny?: IndexedList;
    defaultMode?: string;
    additionalDirectories?: IndexedList;
  };
}

export interface ProviderSettings {
  api?: ProviderApi;
  baseUrl?: string;
  /** Name of the variable holding the key (never the key itself). */
  apiKeyEnv?: string;
  headers?: Record<string, string>;
  /** Chat Completions compatibility flags (`ChatQuirks`), over the adapter's defaults for the base URL. */
  quirks?: ChatQuirkSettings;
  /** Models this provider serves; the first is its default. Naming one selects this provider. */
  models?: string[];
}

/** The `ChatQuirks` of `@keel/provider`'s Chat Completions adapter. */
export interface ChatQuirkSettings {
  developerRole?: boolean;
  maxTokensField?: "max_tokens" | "max_completion_tokens";
  toolCallsWithoutIndex?: boolean;
  stopWithToolCalls?: boolean;
  noUsage?: boolean;
  reasoningField?: "reasoning_content" | "reasoning";
}

export interface ModelSettings {
  contextWindow?: number;
  maxOutputTokens?: number;
  price?: {
    inputPerMTok?: number;
    outputPerMTok?: number;
    cacheReadPerMTok?: number;
    cacheWritePerMTok?: number;
  };
}

/** Read and validated here; the compaction code gives them meaning. */
export interface CompactionSettings {
  warnAt?: number;
  microAt?: number;
  autoAt?: number;
  reserveTokens?: number;
  keepRecentTurns?: number;
}

/** Formats a zod error as `key.path: message` lines. */
export function describeIssues(prefix: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))]
        .join("")
        .replace(/\.\[/g, "[");
      return `${path}: ${issue.message}`;
    })
    .join("; ");
}
