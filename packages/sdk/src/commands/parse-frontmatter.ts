/** A frontmatter value: a scalar as written (surrounding quotes removed), or a block list. */
export type FrontmatterValue = string | string[];

export type Frontmatter =
  | { ok: true; data: Record<string, FrontmatterValue>; body: string }
  | { ok: false; error: string };

/**
 * The YAML subset command, agent and skill files use between `---` lines: `key: value`,
 * quoted scalars, `|`/`>` block scalars, `- item` block lists and `#` comments. Flow values
 * (`[a, b]`) stay strings: a key that wants a list parses them (`argument-hint: [pr] [reason]`
 * is a plain hint, not YAML). Text without a leading `---` line has no frontmatter.
 */
export function parseFrontmatter(text: string): Frontmatter {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = src.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return { ok: true, data: {}, body: src };
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) return { ok: false, error: "the frontmatter opened by --- on line 1 is never closed" };
  const data: Record<string, FrontmatterValue> = {};
  for (let i = 1; i < end; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const m = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*:(?:\s+(.*))?$/.exec(line.trimEnd());
    if (!m)
      return { ok: false, error: `line ${i + 1} of the frontmatter is not "key: value": ${line.trim()}` };
    const key = m[1]!;
    const raw = (m[2] ?? "").trim();
    const nested: string[] = [];
    while (i + 1 < end && (/^\s+\S/.test(lines[i + 1]!) || lines[i + 1]!.trim() === ""))
      nested.push(lines[++i]!);
    if (raw === "" && nested.some((l) => l.trim() !== "")) {
      const items = nested.filter((l) => l.trim() !== "");
      if (!items.every((l) => /^\s+-(\s|$)/.test(l))) {
        return {
          ok: false,
          error: `the value of "${key}" in the frontmatter is neither a scalar nor a "- item" list`,
        };
      }
      data[key] = items.map((l) => unquote(l.replace(/^\s+-\s*/, "").trim()));
    } else if (/^[|>][+-]?$/.test(raw)) {
      const indent = Math.min(...nested.filter((l) => l.trim() !== "").map((l) => /^\s*/.exec(l)![0].length));
      const body = nested.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
      data[key] = raw.startsWith("|")
        ? body.join("\n").trimEnd()
        : body
            .map((l) => l.trim())
            .join(" ")
            .trim();
    } else {
      const more = nested.map((l) => l.trim()).filter((l) => l !== "");
      data[key] = unquote(stripComment([raw, ...more].join(" ")));
    }
  }
  return { ok: true, data, body: lines.slice(end + 1).join("\n") };
}

function stripComment(value: string): string {
  if (value.startsWith('"') || value.startsWith("'")) return value;
  const at = value.search(/\s#/);
  return at < 0 ? value : value.slice(0, at).trimEnd();
}

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
  if (value === undefined) return [];
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
