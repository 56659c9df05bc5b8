import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScriptedProvider } from "@keel/provider";
import { describe, expect, it } from "vitest";
import { createAgent, loadSettings } from "../src/index.js";

function dirs() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "keel-settings-")));
  const cwd = join(root, "project");
  const keelHome = join(root, "keel-home");
  const home = join(root, "home");
  for (const d of [cwd, join(cwd, ".keel"), keelHome, home, join(root, "extra")])
    mkdirSync(d, { recursive: true });
  return { root, cwd, keelHome, home };
}
const write = (path: string, value: unknown) =>
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));

describe("loadSettings", () => {
  it("CLI > local > project > user for scalars; env merges by key; rule lists concatenate with their sources", () => {
    const d = dirs();
    write(join(d.keelHome, "settings.json"), {
      model: "user-model",
      env: { A: "user", B: "user" },
      permissions: { allow: ["Read"], defaultMode: "plan" },
      trustedProjects: [d.cwd],
    });
    write(join(d.cwd, ".keel", "settings.json"), {
      model: "project-model",
      env: { B: "project" },
      permissions: { deny: ["Bash(rm *)"], additionalDirectories: ["../extra"] },
    });
    write(join(d.cwd, ".keel", "settings.local.json"), {
      permissions: { allow: ["Bash(npm test)"], defaultMode: "acceptEdits" },
    });
    const s = loadSettings({
      ...d,
      cliSettings: JSON.stringify({ model: "cli-model", permissions: { ask: ["Bash(git push *)"] } }),
      allowedTools: ["Edit"],
      disallowedTools: ["WebFetch"],
      addDirs: [d.home],
    });
    expect(s.warnings).toEqual([]);
    expect(s.model).toBe("cli-model");
    expect(s.env).toEqual({ A: "user", B: "project" });
    expect(s.defaultMode).toBe("acceptEdits");
    expect(s.additionalDirectories).toEqual([join(d.root, "extra"), d.home]);
    expect(s.rules.map((r) => [r.behavior, r.text, r.source.kind])).toEqual([
      ["allow", "Read", "user"],
      ["deny", "Bash(rm *)", "project"],
      ["allow", "Bash(npm test)", "local"],
      ["ask", "Bash(git push *)", "cli"],
      ["allow", "Edit", "cli"],
      ["deny", "WebFetch", "cli"],
    ]);
    expect(s.rules[0]?.source.root).toBe(d.keelHome);
    expect(s.rules[1]?.source.root).toBe(d.cwd);
  });

  it("an invalid file or key is a warning naming the file and key path; the valid parts still apply", () => {
    const d = dirs();
    const project = join(d.cwd, ".keel", "settings.json");
    const local = join(d.cwd, ".keel", "settings.local.json");
    write(project, {
      model: 42,
      env: { OK: "1", BAD: 2 },
      permissions: { allow: ["Read", 7, "Bash(npm test"], deny: ["Bash(rm *)"], defaultMode: "yolo" },
    });
    write(local, "{ not json");
    write(join(d.keelHome, "settings.json"), { trustedProjects: [d.cwd] });
    const s = loadSettings({ ...d, cliSettings: join(d.root, "missing.json") });
    expect(s.model).toBeUndefined();
    expect(s.env).toEqual({ OK: "1" });
    expect(s.defaultMode).toBeUndefined();
    expect(s.rules.map((r) => r.text)).toEqual(["Bash(rm *)", "Read"]);
    const w = s.warnings.join("\n");
    expect(w).toContain(`${project}: model:`);
    expect(w).toContain(`${project}: env.BAD:`);
    expect(w).toContain(`${project}: permissions.allow[1]:`);
    expect(w).toContain(`${project}: permissions.allow[2]: Invalid permission rule "Bash(npm test"`);
    expect(w).toContain(`${project}: permissions.defaultMode:`);
    expect(w).toContain(`${local}: not valid JSON`);
    expect(w).toContain("--settings: no such file");
  });
});

describe("createAgent with settings", () => {
  const provider = () => new ScriptedProvider([{ content: [{ type: "text", text: "ok" }] }]);

  it("a bare-name deny removes the tool; defaultMode applies unless permissionMode is given; warnings are returned", async () => {
    const d = dirs();
    write(join(d.cwd, ".keel", "settings.json"), {
      permissions: { deny: ["WebFetch"], defaultMode: "acceptEdits", allow: [3] },
    });
    write(join(d.keelHome, "settings.json"), { trustedProjects: [d.cwd] });
    const env = { KEEL_HOME: d.keelHome, HOME: d.home };
    const a = await createAgent({
      cwd: d.cwd,
      env,
      provider: provider(),
      noPersist: true,
      disallowedTools: ["Bash"],
    });
    expect(a.toolNames).not.toContain("Bash");
    expect(a.toolNames).not.toContain("WebFetch");
    expect(a.toolNames).toContain("Read");
    expect(a.permissionMode).toBe("acceptEdits");
    expect(a.warnings.join("\n")).toContain("permissions.allow[0]");
    const b = await createAgent({
      cwd: d.cwd,
      env,
      provider: provider(),
      noPersist: true,
      permissionMode: "plan",
    });
    expect(b.permissionMode).toBe("plan");
    expect(b.toolNames).toContain("Bash");
  });

  it("model: explicit option > ANTHROPIC_MODEL > settings", async () => {
    const d = dirs();
    write(join(d.keelHome, "settings.json"), { model: "from-settings" });
    const env = { KEEL_HOME: d.keelHome, HOME: d.home };
    expect((await createAgent({ cwd: d.cwd, env, provider: provider(), noPersist: true })).model).toBe(
      "from-settings",
    );
    expect(
      (
        await createAgent({
          cwd: d.cwd,
          env: { ...env, ANTHROPIC_MODEL: "env-model" },
          provider: provider(),
          noPersist: true,
        })
      ).model,
    ).toBe("env-model");
  });
});
