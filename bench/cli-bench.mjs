// `npm run bench`: start-up and loop cost of the BUILT keel binary, run directly with node
// (npx alone adds ~0.2 s). Prints a table of medians; `--runs N` (default 10),
// `--save <file>` writes the figures, `--compare <file>` prints the change against saved ones.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startFakeAnthropic } from "@keel/fake-anthropic";

const { values } = parseArgs({
  options: { runs: { type: "string" }, save: { type: "string" }, compare: { type: "string" } },
});
const runs = Number(values.runs ?? 10);
// The launcher npm links as `keel`, run through its shebang (as `npx keel` does, minus npx).
const bin = new URL("../packages/cli/bin/keel.js", import.meta.url).pathname;
if (!existsSync(new URL("../packages/cli/dist/bin.js", import.meta.url)))
  throw new Error("Build first: npm run build");
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const work = mkdtempSync(join(tmpdir(), "keel-bench-"));
writeFileSync(join(work, "file.txt"), "one\ntwo\nthree\n");

const assistantCount = (req) => (req.body?.messages ?? []).filter((m) => m.role === "assistant").length;
const server = await startFakeAnthropic({
  script: (req) => {
    const prompt = JSON.stringify(req.body?.messages?.[0]?.content ?? "");
    if (prompt.includes("TOOLS20") && assistantCount(req) < 20) {
      return { content: [{ type: "tool_use", name: "Read", input: { file_path: join(work, "file.txt") } }] };
    }
    return { content: [{ type: "text", text: "Done." }], usage: { input_tokens: 1000, output_tokens: 20 } };
  },
});
const env = {
  ...process.env,
  ANTHROPIC_API_KEY: "sk-bench",
  ANTHROPIC_BASE_URL: server.url,
  KEEL_HOME: mkdtempSync(join(tmpdir(), "keel-bench-home-")),
};

function once(args) {
  return new Promise((resolve, reject) => {
    const argv = timeBin ? [timeBin, "-f", "TIME %e %U %S %M", bin, ...args] : [bin, ...args];
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd: work, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) return reject(new Error(`keel ${args.join(" ")} exited ${code}: ${err}`));
      const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      resolve({
        wall,
        cpu: m ? Number(m[2]) + Number(m[3]) : Number.NaN,
        rssMb: m ? Number(m[4]) / 1024 : Number.NaN,
      });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const scenarios = [
  { name: "keel --version", args: ["--version"], target: "—" },
  { name: "keel -p (1 turn)", args: ["-p", "hello"], target: "≤ 0.20 s, ≤ 100 MB" },
  { name: "keel -p (20 tool turns)", args: ["-p", "TOOLS20"], target: "≤ 0.35 s" },
];
const rows = [];
for (const s of scenarios) {
  await once(s.args); // warm the compile cache and the page cache
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await once(s.args));
  rows.push({
    scenario: s.name,
    wall: median(samples.map((x) => x.wall)),
    cpu: median(samples.map((x) => x.cpu)),
    rssMb: median(samples.map((x) => x.rssMb)),
    target: s.target,
  });
}
const first = server.requests.find((r) => r.status === 200);
const overhead = first
  ? Buffer.byteLength(JSON.stringify({ system: first.body.system, tools: first.body.tools }))
  : 0;
// The stable system prompt alone (text bytes), and the context block at the start of the first
// user message (date, git status, memory files: outside the cached prefix).
const systemText = (system) =>
  typeof system === "string" ? system : (system ?? []).map((b) => b.text ?? "").join("");
const systemBytes = first ? Buffer.byteLength(systemText(first.body.system)) : 0;
const firstUserText = first?.body.messages?.[0]?.content;
const contextText = Array.isArray(firstUserText)
  ? (firstUserText.find((b) => b.type === "text" && b.text.startsWith("<context>"))?.text ?? "")
  : "";
const contextBytes = Buffer.byteLength(contextText);
await server.close();

const baseline = values.compare ? JSON.parse(readFileSync(values.compare, "utf8")) : undefined;
const fmt = (n, d = 3) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");
console.log(
  `keel bench — ${runs} runs each, median; node ${process.version}${timeBin ? "" : " (no /usr/bin/time: CPU/RSS n/a)"}`,
);
console.log(`| scenario | wall s | CPU s | peak RSS MB | target |${baseline ? " Δ wall |" : ""}`);
console.log(`|---|---|---|---|---|${baseline ? "---|" : ""}`);
for (const r of rows) {
  const b = baseline?.rows?.find((x) => x.scenario === r.scenario);
  const delta = b
    ? ` ${r.wall >= b.wall ? "+" : ""}${fmt(((r.wall - b.wall) / b.wall) * 100, 1)}% |`
    : baseline
      ? " — |"
      : "";
  console.log(
    `| ${r.scenario} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${fmt(r.rssMb, 1)} | ${r.target} |${delta}`,
  );
}
console.log(
  `\nrequest overhead (system prompt + tool definitions, JSON bytes of the first request): ${overhead}`,
);
console.log(`system prompt: ${systemBytes} bytes; context block (first user message): ${contextBytes} bytes`);
if (values.save)
  writeFileSync(
    values.save,
    `${JSON.stringify({ date: new Date().toISOString(), rows, overhead, systemBytes, contextBytes }, null, 2)}\n`,
  );
