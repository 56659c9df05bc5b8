import { PERMISSION_MODES } from "@keel/permissions";
import { z } from "zod";

/**
 * The settings keys Keel reads now (Claude Code's shapes, compat §1). Each key is validated on
 * its own so one bad key (or list entry) is reported and skipped while the rest still applies.
 */
export const SETTINGS_KEYS = {
  model: z.string().min(1),
  env: z.record(z.string(), z.string()),
  sandbox: z.strictObject({ enabled: z.boolean().optional(), allowNetwork: z.boolean().optional() }),
  trustedProjects: z.array(z.string()),
} as const;

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
  permissions?: {
    allow?: IndexedList;
    ask?: IndexedList;
    deny?: IndexedList;
    defaultMode?: string;
    additionalDirectories?: IndexedList;
  };
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
