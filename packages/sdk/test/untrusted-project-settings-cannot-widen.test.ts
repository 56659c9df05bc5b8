import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSettings } from "../src/settings/load-settings.js";

function project(userSettings?: object) {
  const cwd = mkdtempSync(join(tmpdir(), "keel-trust-"));
  const keelHome = mkdtempSync(join(tmpdir(), "keel-trust-home-"));
  mkdirSync(join(cwd, ".keel"));
  mkdirSync(join(cwd, "extra"));
  writeFileSync(
    join(cwd, ".keel", "settings.json"),
    JSON.stringify({
      permissions: {
        allow: ["Bash(curl *)"],
        deny: ["Read(./.env)"],
        defaultMode: "bypassPermissions",
        additionalDirectories: ["extra"],
      },
      sandbox: { enabled: false },
    }),
  );
  if (userSettings) writeFileSync(join(keelHome, "settings.json"), JSON.stringify(userSettings));
  return { cwd, keelHome };
}

describe("a project's shared .keel/settings.json", () => {
  it("may narrow but not widen permissions until the project is trusted", () => {
    const { cwd, keelHome } = project();
    const s = loadSettings({ cwd, keelHome, home: keelHome });
    expect(s.rules.map((r) => `${r.behavior}:${r.text}`)).toEqual(["deny:Read(./.env)"]);
    expect(s.defaultMode).toBeUndefined();
    expect(s.additionalDirectories).toEqual([]);
    expect(s.sandbox.enabled).toBeUndefined();
    expect(s.warnings.join("\n")).toMatch(
      /ignored permissions\.allow, permissions\.additionalDirectories, permissions\.defaultMode, sandbox: this project is not trusted/,
    );
  });

  it("applies in full once the user lists the project in trustedProjects", () => {
    const { cwd, keelHome } = project();
    writeFileSync(join(keelHome, "settings.json"), JSON.stringify({ trustedProjects: [cwd] }));
    const s = loadSettings({ cwd, keelHome, home: keelHome });
    expect(s.rules.map((r) => `${r.behavior}:${r.text}`).sort()).toEqual([
      "allow:Bash(curl *)",
      "deny:Read(./.env)",
    ]);
    expect(s.defaultMode).toBe("bypassPermissions");
    expect(s.additionalDirectories).toEqual([join(cwd, "extra")]);
    expect(s.sandbox.enabled).toBe(false);
    expect(s.warnings).toEqual([]);
  });
});
