import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unseenNotices } from "../src/notices-once.js";

describe("notices", () => {
  it("are returned once per Keel home", () => {
    const home = mkdtempSync(join(tmpdir(), "keel-notice-"));
    expect(unseenNotices(home, ["sandbox unavailable"])).toEqual(["sandbox unavailable"]);
    expect(unseenNotices(home, ["sandbox unavailable"])).toEqual([]);
    expect(unseenNotices(home, ["sandbox unavailable", "other"])).toEqual(["other"]);
    expect(unseenNotices(mkdtempSync(join(tmpdir(), "keel-notice-")), ["sandbox unavailable"])).toHaveLength(
      1,
    );
  });
});
