import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources in tests (no build needed).
    conditions: ["@keel/source"],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "testing/*/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
