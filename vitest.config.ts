import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources in tests (no build needed).
const conditions = ["@keel/source", ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@keel/source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "testing/*/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    globalSetup: ["./testing/build-once.ts"],
  },
});
