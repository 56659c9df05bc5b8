// `node bench/session-bench.mjs`: the session store on big projects (BUILT @keel/core).
// (1) list 1,000 sessions of 10 MB each (sparse files: head and tail written, a hole between);
// (2) resume a dense 100 MB session whose last compaction boundary is near its end, in a fresh
// process: time to loaded history and peak RSS, against reading and parsing the whole file.
// Targets (interactive issue): list ≤ 1 s; resume ≤ 0.5 s and ≤ 200 MB RSS.
// `--runs N` (default 5), `--sessions N` (default 1000), `--mb N` (resume file size, default 100).
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string" }, sessions: { type: "string" }, mb: { type: "string" } },
});
if (!existsSync(new URL("../packages/core/dist/index.js", import.meta.url)))
  throw new Error("Build first: npm run build");
const { JsonlSessionStore } = await import("@keel/core");

const MB = 1024 * 1024;
const ts = "2026-01-01T00:00:00.000Z";
const header = (id) => ({
  type: "header",
  version: 1,
  sessionId: id,
  cwd: "/w",
  model: "m",
  created: ts,
  parentSessionId: null,
});
const user = (uuid, text) => ({
  type: "message",
  uuid,
  timestamp: ts,
  message: { role: "user", content: [{ type: "text", text }] },
});
const toolTurn = (i, output) => [
  {
    type: "message",
    uuid: `a${i}`,
    timestamp: ts,
    message: {
      role: "assistant",
      content: [{ type: "tool_use", id: `t${i}`, name: "Read", input: { file_path: `/w/f${i}.ts` } }],
    },
  },
  {
    type: "message",
    uuid: `r${i}`,
    timestamp: ts,
    message: { role: "user", content: [{ type: "tool_result", toolUseId: `t${i}`, content: output }] },
  },
];
const line = (r) => `${JSON.stringify(r)}\n`;

// Child mode: open one session in a fresh process and report time and peak RSS.
if (positionals[0] === "resume-child") {
  const [, dir, id, mode] = positionals;
  const t0 = process.hrtime.bigint();
  let messages;
  if (mode === "full") {
    const { readFileSync } = await import("node:fs");
    messages = readFileSync(join(dir, `${id}.jsonl`), "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l))
      .filter((r) => r.type === "message").length;
  } else {
    const store = new JsonlSessionStore({ dir });
    const { loaded, log } = await store.open(id);
    await log.close();
    messages = loaded.messages.length;
    process.stderr.write(`${store.readStats.bytes}\n`);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, messages }));
  process.exit(0);
}

const runs = Number(values.runs ?? 5);
const sessions = Number(values.sessions ?? 1000);
const resumeMb = Number(values.mb ?? 100);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const work = mkdtempSync(join(tmpdir(), "keel-session-bench-"));

// (1) 1,000 sparse 10 MB sessions.
const listDir = join(work, "list");
const { mkdirSync } = await import("node:fs");
mkdirSync(listDir);
for (let i = 0; i < sessions; i++) {
  const id = `s${i}`;
  const fd = openSync(join(listDir, `${id}.jsonl`), "w");
  writeSync(
    fd,
    line(header(id)) +
      line({ type: "title", title: `Session ${i}` }) +
      line(user(`p${i}`, `Session ${i}: fix it`)),
    0,
  );
  const tail = Buffer.from(`\n${toolTurn(i, "x".repeat(2000)).map(line).join("")}`);
  writeSync(fd, tail, 0, tail.length, 10 * MB - tail.length);
  closeSync(fd);
}
const listSamples = [];
let listBytes = 0;
let listed = 0;
for (let r = 0; r < runs; r++) {
  const store = new JsonlSessionStore({ dir: listDir });
  const t0 = process.hrtime.bigint();
  listed = (await store.list()).length;
  listSamples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  listBytes = store.readStats.bytes;
}

// (2) A dense session: 40 KB tool outputs up to the size, a boundary 20 turns from the end.
const resumeDir = join(work, "resume");
mkdirSync(resumeDir);
const fd = openSync(join(resumeDir, "big.jsonl"), "w");
writeSync(fd, line(header("big")) + line(user("p0", "Refactor the store")));
const output = "log line of a long tool output\n".repeat(1300);
const turns = Math.ceil((resumeMb * MB) / (output.length + 400));
for (let i = 0; i < turns; i++) {
  writeSync(fd, toolTurn(i, output).map(line).join(""));
  if (i === turns - 20) {
    const boundary = {
      type: "compaction",
      uuid: "c1",
      timestamp: ts,
      trigger: "auto",
      strategy: "summary",
      summary: "What happened so far.",
      userPrompts: ["Refactor the store"],
      firstKeptUuid: `a${i - 5}`,
      preTokens: 180_000,
      postTokens: 60_000,
    };
    writeSync(fd, line(boundary));
  }
}
closeSync(fd);

const bench = fileURLToPath(import.meta.url);
function resumeOnce(mode) {
  const child = spawnSync(process.execPath, [bench, "resume-child", resumeDir, "big", mode], {
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`resume child failed: ${child.stderr}`);
  return { ...JSON.parse(child.stdout), bytes: Number(child.stderr.trim()) };
}
resumeOnce("store"); // warm the page cache
const resume = Array.from({ length: runs }, () => resumeOnce("store"));
const full = resumeOnce("full");
rmSync(work, { recursive: true, force: true });

const f = (n, d = 3) => n.toFixed(d);
console.log(`session bench — median of ${runs}; node ${process.version}`);
console.log("| scenario | time s | peak RSS MB | read | target |");
console.log("|---|---|---|---|---|");
console.log(
  `| list ${listed} sessions × 10 MB (sparse) | ${f(median(listSamples) / 1000)} | — | ${f(listBytes / MB, 1)} MB | ≤ 1 s |`,
);
console.log(
  `| resume ${resumeMb} MB, boundary near the end (${resume[0].messages} messages loaded) | ${f(median(resume.map((x) => x.ms)) / 1000)} | ${f(median(resume.map((x) => x.rssMb)), 1)} | ${f(resume[0].bytes / MB, 2)} MB | ≤ 0.5 s, ≤ 200 MB |`,
);
console.log(
  `| reference: read and parse the whole ${resumeMb} MB file | ${f(full.ms / 1000)} | ${f(full.rssMb, 1)} | ${resumeMb} MB | — |`,
);
