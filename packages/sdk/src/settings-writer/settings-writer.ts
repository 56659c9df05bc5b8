import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parsePermissionRule, type RuleBehavior } from "@keel/permissions";
import { SdkError } from "../sdk-error.js";

/** Which settings file: `$KEEL_HOME/settings.json`, `.keel/settings.json` or `.keel/settings.local.json`. */
export type SettingsScope = "user" | "project" | "local";

/** The settings file of a scope (the same files `loadSettings` reads). */
export function settingsFilePath(scope: SettingsScope, where: { cwd: string; keelHome: string }): string {
  if (scope === "user") return join(where.keelHome, "settings.json");
  return join(where.cwd, ".keel", scope === "project" ? "settings.json" : "settings.local.json");
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a settings file for editing; a missing file is `{}`, a broken one is refused (never overwritten). */
function readForEdit(path: string): JsonObject {
  if (!existsSync(path)) return {};
  const text = readFileSync(path, "utf8");
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SdkError(
      "config",
      `${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix or remove it, then add the rule again.`,
    );
  }
  if (!isObject(parsed))
    throw new SdkError(
      "config",
      `${path} must hold a JSON object; fix or remove it, then add the rule again.`,
    );
  return parsed;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a settings file. */
function writeAtomically(path: string, data: JsonObject): void {
  mkdirSync(dirname(path), { recursive: true });
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o644;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode });
  renameSync(tmp, path);
}

function ruleList(data: JsonObject, behavior: RuleBehavior, path: string): string[] {
  let permissions = data.permissions;
  if (permissions === undefined) {
    permissions = {};
    data.permissions = permissions;
  }
  if (!isObject(permissions))
    throw new SdkError("config", `${path}: "permissions" must be an object; fix it first.`);
  let list = permissions[behavior];
  if (list === undefined) {
    list = [];
    permissions[behavior] = list;
  }
  if (!Array.isArray(list))
    throw new SdkError("config", `${path}: "permissions.${behavior}" must be a list; fix it first.`);
  return list as string[];
}

export interface RuleEdit {
  /** The settings file (see `settingsFilePath`). */
  path: string;
  behavior: RuleBehavior;
  /** Claude Code rule syntax, e.g. `Bash(npm test)`, `Edit(./src/a.ts)`. */
  rule: string;
}

/**
 * Adds a permission rule to a settings file: creates the file and its directory if needed,
 * keeps every other key, and does nothing when the rule is already there. Throws `SdkError`
 * (`config`) for an invalid rule or a settings file that is not a JSON object.
 */
export function addPermissionRule(edit: RuleEdit): { added: boolean } {
  try {
    parsePermissionRule(edit.rule, edit.behavior, { kind: "local", root: dirname(edit.path) });
  } catch (error) {
    throw new SdkError("config", error instanceof Error ? error.message : String(error));
  }
  const data = readForEdit(edit.path);
  const list = ruleList(data, edit.behavior, edit.path);
  const rule = edit.rule.trim();
  if (list.includes(rule)) return { added: false };
  list.push(rule);
  writeAtomically(edit.path, data);
  return { added: true };
}

/** Removes a permission rule (exact text) from a settings file; other keys stay as they were. */
export function removePermissionRule(edit: RuleEdit): { removed: boolean } {
  if (!existsSync(edit.path)) return { removed: false };
  const data = readForEdit(edit.path);
  const permissions = data.permissions;
  if (!isObject(permissions)) return { removed: false };
  const list = permissions[edit.behavior];
  if (!Array.isArray(list)) return { removed: false };
  const rule = edit.rule.trim();
  const kept = list.filter((r) => r !== rule);
  if (kept.length === list.length) return { removed: false };
  permissions[edit.behavior] = kept;
  writeAtomically(edit.path, data);
  return { removed: true };
}
