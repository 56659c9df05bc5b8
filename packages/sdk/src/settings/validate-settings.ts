import { z } from "zod";
import {
  describeIssues,
  type IndexedList,
  PERMISSIONS_KEYS,
  SETTINGS_KEYS,
  type SettingsData,
} from "./settings-schema.js";
import { validateModelSettings } from "./validate-model-settings.js";

type ListKey = "allow" | "ask" | "deny" | "additionalDirectories";
const LIST_KEYS: readonly ListKey[] = ["allow", "ask", "deny", "additionalDirectories"];

/**
 * Validates one parsed settings document key by key: what is valid is kept, every invalid key
 * or list entry becomes a warning naming `origin` and the key path (`permissions.allow[2]`).
 * Unknown keys are ignored (other Claude Code keys may be present).
 */
export function validateSettings(raw: unknown, origin: string): { data: SettingsData; warnings: string[] } {
  const warnings: string[] = [];
  const data: SettingsData = {};
  const warn = (message: string) => warnings.push(`${origin}: ${message}`);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    warn("expected a JSON object; the file is ignored");
    return { data, warnings };
  }
  const doc = raw as Record<string, unknown>;
  if (doc.model !== undefined) {
    const r = SETTINGS_KEYS.model.safeParse(doc.model);
    if (r.success) data.model = r.data;
    else warn(describeIssues("model", r.error));
  }
  if (doc.trustedProjects !== undefined) {
    const r = SETTINGS_KEYS.trustedProjects.safeParse(doc.trustedProjects);
    if (r.success) data.trustedProjects = r.data;
    else warn(describeIssues("trustedProjects", r.error));
  }
  if (doc.sandbox !== undefined) {
    const r = SETTINGS_KEYS.sandbox.safeParse(doc.sandbox);
    if (r.success) data.sandbox = r.data;
    else warn(describeIssues("sandbox", r.error));
  }
  if (doc.env !== undefined) {
    if (typeof doc.env !== "object" || doc.env === null || Array.isArray(doc.env))
      warn("env: expected an object");
    else {
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(doc.env)) {
        const r = z.string().safeParse(value);
        if (r.success) env[key] = r.data;
        else warn(describeIssues(`env.${key}`, r.error));
      }
      data.env = env;
    }
  }
  if (doc.permissions !== undefined) {
    const p = doc.permissions;
    if (typeof p !== "object" || p === null || Array.isArray(p)) warn("permissions: expected an object");
    else data.permissions = validatePermissions(p as Record<string, unknown>, warn);
  }
  validateModelSettings(doc, data, warn);
  return { data, warnings };
}

function validatePermissions(
  p: Record<string, unknown>,
  warn: (message: string) => void,
): NonNullable<SettingsData["permissions"]> {
  const out: NonNullable<SettingsData["permissions"]> = {};
  for (const key of LIST_KEYS) {
    const value = p[key];
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      warn(`permissions.${key}: expected an array of strings`);
      continue;
    }
    const items: IndexedList = [];
    for (const [i, item] of value.entries()) {
      const r = z.string().safeParse(item);
      if (r.success) items.push({ index: i, value: r.data });
      else warn(describeIssues(`permissions.${key}[${i}]`, r.error));
    }
    out[key] = items;
  }
  if (p.defaultMode !== undefined) {
    const r = PERMISSIONS_KEYS.defaultMode.safeParse(p.defaultMode);
    if (r.success) out.defaultMode = r.data;
    else warn(describeIssues("permissions.defaultMode", r.error));
  }
  return out;
}
