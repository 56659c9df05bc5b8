// `node bench/grep-bench.mjs`: the Grep tool over a 20,000-file tree against running `rg`
// directly with the same search. Target (tools issue): Grep within 1.3x of rg.
// `--runs N` (default 7), `--files N` (default 20000).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createFileStateTracker } from "@keel/tools";
import { createGrepTool } from "@keel/tools-builtin";

const { values } = parseArgs({ options: { runs: { type: "string" }, files: { type: "string" } } });
const runs = Number(values.runs ?? 7);
const files = Number(values.files ?? 20_000);

const root = mkdtempSync(join(tmpdir(), "keel-grep-bench-"));
for (let d = 0; d < files / 100; d++) {
  const dir = join(root, `pkg${d}`, "src");
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < 100; f++) {
    const body = Array.from({ length: 40 }, (_, i) => `export const value${i} = ${d * f + i}; // line ${i}`);
    if ((d * 100 + f) % 97 === 0) body.push("// TODO: needle in the haystack");
    writeFileSync(join(dir, `file${f}.ts`), `${body.join("\n")}\n`);
  }
}

function rgDirect(args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn("rg", args, { cwd: root, stdio: ["ignore", "pipe", "ignore"] });
    let bytes = 0;
    child.stdout.on("data", (d) => (bytes += d.length));
    child.on("error", reject);
    child.on("close", () => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes }));
  });
}

const grep = createGrepTool();
const ctx = {
  cwd: root,
  signal: new AbortController().signal,
  toolUseId: "b",
  progress() {},
  fileState: createFileStateTracker(),
};
async function viaTool(input) {
  const t0 = process.hrtime.bigint();
  const out = await grep.call(input, ctx);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes: String(out.content).length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const cases = [
  { name: "files_with_matches", rg: ["-l", "TODO", "."], tool: { pattern: "TODO" } },
  {
    name: "content -n",
    rg: ["-n", "TODO", "."],
    tool: { pattern: "TODO", output_mode: "content", head_limit: 0 },
  },
  { name: "count", rg: ["-c", "TODO", "."], tool: { pattern: "TODO", output_mode: "count", head_limit: 0 } },
];
console.log(
  `Grep bench — ${files} files, ${runs} runs each, median ms (warm page cache); node ${process.version}`,
);
console.log("| search | rg direct | Grep tool | ratio | target |");
console.log("|---|---|---|---|---|");
for (const c of cases) {
  await rgDirect(c.rg);
  await viaTool(c.tool);
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push((await rgDirect(c.rg)).ms);
    b.push((await viaTool(c.tool)).ms);
  }
  const ratio = median(b) / median(a);
  console.log(
    `| ${c.name} | ${median(a).toFixed(1)} | ${median(b).toFixed(1)} | ${ratio.toFixed(2)}x | ≤ 1.3x |`,
  );
}
