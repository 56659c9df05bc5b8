import type { FrontmatterValue } from "./parse-frontmatter.js";

/** Removes one pair of surrounding quotes, leniently (a bad escape keeps the text between them). */
function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'"))
    return value.slice(1, -1).replace(/''/g, "'");
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  return value;
}

/** A list-valued key: a block list, a flow list `[a, b]`, or a comma/space separated string. */
export function frontmatterList(value: FrontmatterValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.filter((v) => v !== "");
  const inner = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value;
  // Split on commas and spaces outside parentheses: `Bash(git add:*), Read` is two entries.
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of inner) {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === "," || /\s/.test(ch))) {
      if (current.trim() !== "") out.push(unquote(current.trim()));
      current = "";
    } else current += ch;
  }
  if (current.trim() !== "") out.push(unquote(current.trim()));
  return out;
}

/** YAML-ish booleans (`true/false/yes/no/on/off/1/0`); undefined for anything else. */
export function frontmatterBoolean(value: FrontmatterValue | undefined): boolean | undefined {
  if (typeof value !== "string") return undefined;
  const v = value.toLowerCase();
  if (["true", "yes", "on", "1"].includes(v)) return true;
  if (["false", "no", "off", "0"].includes(v)) return false;
  return undefined;
}
