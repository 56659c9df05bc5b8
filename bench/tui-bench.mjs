// `node bench/tui-bench.mjs`: time-to-prompt and idle memory of the interactive TUI. Starts the
// BUILT launcher (packages/cli/bin/keel.js, through its shebang) in a detached tmux pane, polls
// the pane until the prompt's footer is drawn, then reads the process's RSS from /proc once the
// agent is ready and the TUI idles. Prints a table of medians; `--runs N` (default 10),
// `--save <file>` writes the figures, `--compare <file>` prints the change against saved ones.
import { execFileSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { runs: { type: "string" }, save: { type: "string" }, compare: { type: "string" } },
});
const runs = Number(values.runs ?? 10);
const bin = new URL("../packages/cli/bin/keel.js", import.meta.url).pathname;
if (!existsSync(new URL("../packages/cli/dist/tui/run-tui.js", import.meta.url)))
  throw new Error("Build first: npm run build");
const tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].find((p) => existsSync(p));
if (!tmux) throw new Error("tui-bench needs tmux (apt-get install tmux)");

/** The footer's hint: drawn with the first frame, when the prompt takes keys. */
const PROMPT_MARKER = "/help";
/** The model name replaces "…" in the footer once the agent is created (settings, session file). */
const READY_MARKER = /claude-/;
const IDLE_SETTLE_MS = 500;

const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A dense session of `mb` MB whose last compaction boundary is 20 turns from the end. */
function writeBigSession(home, cwd, mb) {
  const id = "00000000-0000-4000-8000-000000000100";
  const dir = join(home, "projects", cwd.replace(/[^A-Za-z0-9]/g, "-"));
  mkdirSync(dir, { recursive: true });
  const ts = new Date().toISOString();
  const line = (r) => `${JSON.stringify(r)}\n`;
  const msg = (uuid, message) => line({ type: "message", uuid, timestamp: ts, message });
  const fd = openSync(join(dir, `${id}.jsonl`), "w");
  writeSync(
    fd,
    line({
      type: "header",
      version: 1,
      sessionId: id,
      cwd,
      model: "claude-sonnet-5-5",
      created: ts,
      parentSessionId: null,
    }),
  );
  writeSync(fd, msg("p0", { role: "user", content: [{ type: "text", text: "Refactor the store" }] }));
  const output = "log line of a long tool output\n".repeat(1300);
  const turns = Math.ceil((mb * 1024 * 1024) / (output.length + 400));
  for (let i = 0; i < turns; i++) {
    const use = { type: "tool_use", id: `toolu_${i}`, name: "Bash", input: { command: `step ${i}` } };
    writeSync(
      fd,
      msg(`a${i}`, { role: "assistant", content: [{ type: "text", text: `Step ${i}.` }, use] }) +
        msg(`u${i}`, {
          role: "user",
          content: [{ type: "tool_result", toolUseId: use.id, content: output }],
        }),
    );
    if (i === turns - 20) {
      writeSync(
        fd,
        line({
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
        }),
      );
    }
  }
  closeSync(fd);
  return id;
}

function once(resumeMb) {
  const socket = `keel-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const cwd = mkdtempSync(join(tmpdir(), "keel-tui-bench-"));
  const home = mkdtempSync(join(tmpdir(), "keel-tui-bench-home-"));
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    KEEL_HOME: home,
    TERM: "xterm-256color",
    LANG: "C.UTF-8",
    ANTHROPIC_API_KEY: "sk-bench",
    // Nothing listens there: start-up must not touch the network.
    ANTHROPIC_BASE_URL: "http://127.0.0.1:9",
  };
  const args = resumeMb ? ["--resume", writeBigSession(home, cwd, resumeMb)] : [];
  // The clock starts when the shell is about to exec keel (the file's mtime-free timestamp).
  const started = join(home, "started-at");
  const cmd = `cd ${quote(cwd)} && date +%s%N > ${quote(started)} && exec env -i ${Object.entries(env)
    .map(([k, v]) => quote(`${k}=${v}`))
    .join(" ")} ${[bin, ...args].map(quote).join(" ")}`;
  const t = (...args) => execFileSync(tmux, ["-L", socket, ...args], { encoding: "utf8" });
  return { t, cmd, started };
}

async function measure(resumeMb) {
  const { t, cmd, started } = once(resumeMb);
  // The tmux server starts first: its own start-up is not keel's.
  t("-f", "/dev/null", "new-session", "-d", "-s", "idle", "-x", "120", "-y", "40", "sleep", "600");
  t("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", "sh", "-c", cmd);
  const deadline = performance.now() + 10_000;
  try {
    let seenAt = Number.NaN;
    let screen = "";
    while (performance.now() < deadline) {
      screen = t("capture-pane", "-p", "-t", "main");
      if (screen.includes(PROMPT_MARKER)) {
        seenAt = Date.now();
        break;
      }
    }
    if (!Number.isFinite(seenAt)) throw new Error(`no prompt within 10 s; the pane shows:\n${screen}`);
    const t0 = Number(readFileSync(started, "utf8").trim()) / 1e6;
    const ttp = (seenAt - t0) / 1000;
    while (performance.now() < deadline && !READY_MARKER.test(t("capture-pane", "-p", "-t", "main")))
      await sleep(5);
    const ready = (Date.now() - t0) / 1000;
    await sleep(IDLE_SETTLE_MS);
    const pid = t("display-message", "-p", "-t", "main", "#{pane_pid}").trim();
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return { ttp, ready, rssMb: rssKb / 1024, peakMb: hwmKb / 1024 };
  } finally {
    try {
      t("kill-server");
    } catch {
      // gone already
    }
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

await measure(); // warm the compile cache and the page cache
const samples = [];
for (let i = 0; i < runs; i++) samples.push(await measure());
const resumeSamples = [];
for (let i = 0; i < Math.min(runs, 5); i++) resumeSamples.push(await measure(100));
const rows = [
  { scenario: "time to prompt (s)", value: median(samples.map((s) => s.ttp)), target: "≤ 0.30", digits: 3 },
  { scenario: "time to agent ready (s)", value: median(samples.map((s) => s.ready)), target: "—", digits: 3 },
  { scenario: "idle RSS (MB)", value: median(samples.map((s) => s.rssMb)), target: "≤ 90", digits: 1 },
  { scenario: "peak RSS at idle (MB)", value: median(samples.map((s) => s.peakMb)), target: "—", digits: 1 },
  {
    scenario: "--resume 100 MB session: time to prompt with history (s)",
    value: median(resumeSamples.map((s) => s.ready)),
    target: "≤ 0.50",
    digits: 3,
  },
  {
    scenario: "--resume 100 MB session: peak RSS (MB)",
    value: median(resumeSamples.map((s) => s.peakMb)),
    target: "≤ 200",
    digits: 1,
  },
];

const baseline = values.compare ? JSON.parse(readFileSync(values.compare, "utf8")) : undefined;
console.log(`keel TUI bench — ${runs} runs, median; node ${process.version}; tmux pane 120×40`);
console.log(`| measure | value | target |${baseline ? " Δ |" : ""}`);
console.log(`|---|---|---|${baseline ? "---|" : ""}`);
for (const r of rows) {
  const b = baseline?.rows?.find((x) => x.scenario === r.scenario);
  const delta = b
    ? ` ${r.value >= b.value ? "+" : ""}${(((r.value - b.value) / b.value) * 100).toFixed(1)}% |`
    : baseline
      ? " — |"
      : "";
  console.log(`| ${r.scenario} | ${r.value.toFixed(r.digits)} | ${r.target} |${delta}`);
}
if (values.save)
  writeFileSync(values.save, `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
