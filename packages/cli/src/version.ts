/** Kept equal to packages/cli/package.json "version" (a test checks). */
export const KEEL_VERSION = "0.1.0";
