// Vitest global setup: the CLI end-to-end tests spawn the BUILT keel binary, so build first
// (tsc -b is incremental: a no-op when dist is up to date). KEEL_TEST_SKIP_BUILD=1 skips it
// for runs that only test sources (every package resolves to src in tests).
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  if (process.env.KEEL_TEST_SKIP_BUILD === "1") return;
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-b"], { cwd: root, stdio: "inherit" });
}
