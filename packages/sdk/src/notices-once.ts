import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The notices not shown before on this Keel home (e.g. "the Bash sandbox is unavailable"),
 * recorded as shown. A notice says a thing once, not on every run. Never throws.
 */
export function unseenNotices(keelHomeDir: string, notices: readonly string[]): string[] {
  if (notices.length === 0) return [];
  const file = join(keelHomeDir, "state", "notices-shown.json");
  let shown: string[] = [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (Array.isArray(parsed)) shown = parsed.filter((x): x is string => typeof x === "string");
  } catch {
    // first run, or an unreadable file: show the notices
  }
  const fresh = notices.filter((n) => !shown.includes(n));
  if (fresh.length > 0) {
    try {
      mkdirSync(join(keelHomeDir, "state"), { recursive: true });
      writeFileSync(file, `${JSON.stringify([...shown, ...fresh])}\n`);
    } catch {
      // a read-only home: the notice just shows again next time
    }
  }
  return fresh;
}
