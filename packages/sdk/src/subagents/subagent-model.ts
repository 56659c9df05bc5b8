import { DEFAULT_MODELS } from "@keel/provider";

const FAMILIES = new Set(["sonnet", "opus", "haiku"]);

/**
 * The model a sub-agent runs on: the call's choice, else its type's, else the parent's.
 * `inherit` means the parent's. A family name (`sonnet`, `opus`, `haiku`) keeps the parent's model
 * when it is of that family (or not a Claude model at all: the name means nothing to another
 * provider), else picks the newest catalog model of the family.
 */
export function resolveSubagentModel(requested: string | undefined, parentModel: string): string {
  const name = requested?.trim() ?? "";
  if (name === "" || name === "inherit") return parentModel;
  const family = name.toLowerCase();
  if (!FAMILIES.has(family)) return name;
  if (!parentModel.startsWith("claude-") || parentModel.includes(`-${family}-`)) return parentModel;
  return DEFAULT_MODELS.find((m) => m.id.startsWith(`claude-${family}-`))?.id ?? parentModel;
}
