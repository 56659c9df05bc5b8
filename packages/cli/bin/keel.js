#!/usr/bin/env -S node --max-semi-space-size=2
// The keel launcher. It exists before the build, so npm can link it at install time.
// --max-semi-space-size=2: a short-lived CLI allocates little; a small young generation keeps
// peak RSS ~10 MB lower at no measurable cost in time (bench/cli-bench.mjs).
try {
  await import("../dist/bin.js");
} catch (err) {
  if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/bin.js")) {
    process.stderr.write(
      "keel: not built yet. Run `npm install` (or `npm run build`) in the Keel repository.\n",
    );
    process.exit(1);
  }
  throw err;
}
