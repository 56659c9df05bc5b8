// `npm run demo`: a short tool-using keel session against the in-repo fake Anthropic server,
// so you can watch Keel work without an API key. The "model" is scripted; everything else
// (the CLI, loop, tools, permissions, session file) is the real thing.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeAnthropic } from "@keel/fake-anthropic";

// The launcher npm links as `keel` (run through its shebang, as npx does).
const bin = new URL("../packages/cli/bin/keel.js", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "keel-demo-"));
const home = mkdtempSync(join(tmpdir(), "keel-demo-home-"));
writeFileSync(
  join(work, "notes.txt"),
  "Keel demo notes\n- the loop is under 300 lines\n- sessions are JSONL\n- tools run through one runner\n",
);

const summary =
  "# Summary\n\nKeel keeps its loop small, stores sessions as JSONL and runs every tool through one runner.\n";
const server = await startFakeAnthropic({
  chunkBytes: 24,
  script: [
    {
      content: [
        { type: "thinking", thinking: "Start by looking around.", signature: "c2lnLWRlbW8=" },
        { type: "text", text: "Let me look at the workspace." },
        { type: "tool_use", name: "Bash", input: { command: "ls -la", description: "List files" } },
      ],
    },
    { content: [{ type: "tool_use", name: "Read", input: { file_path: join(work, "notes.txt") } }] },
    {
      content: [
        { type: "text", text: "Writing the summary." },
        { type: "tool_use", name: "Write", input: { file_path: join(work, "SUMMARY.md"), content: summary } },
      ],
    },
    { content: [{ type: "text", text: "I wrote SUMMARY.md: three notes condensed into one sentence." }] },
  ],
});

const prompt = "Summarize notes.txt into SUMMARY.md";
console.log(`$ keel -p "${prompt}" --permission-mode acceptEdits    (in ${work})\n`);
const child = spawn(
  process.execPath,
  [bin, "-p", prompt, "--output-format", "stream-json", "--permission-mode", "acceptEdits"],
  {
    cwd: work,
    env: { ...process.env, ANTHROPIC_API_KEY: "sk-demo", ANTHROPIC_BASE_URL: server.url, KEEL_HOME: home },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
let buffered = "";
child.stdout.on("data", (chunk) => {
  buffered += chunk;
  let nl = buffered.indexOf("\n");
  while (nl >= 0) {
    render(JSON.parse(buffered.slice(0, nl)));
    buffered = buffered.slice(nl + 1);
    nl = buffered.indexOf("\n");
  }
});
const code = await new Promise((r) => child.on("close", r));
await server.close();
console.log(`\nexit ${code}; SUMMARY.md on disk:\n${readFileSync(join(work, "SUMMARY.md"), "utf8")}`);
process.exit(code ?? 1);

function render(line) {
  if (line.type === "system" && line.subtype === "init")
    console.log(`● session ${line.session_id} · model ${line.model} · tools ${line.tools.join(", ")}`);
  if (line.type === "assistant") {
    for (const b of line.message.content) {
      if (b.type === "thinking") console.log(`  (thinking) ${b.thinking}`);
      if (b.type === "text") console.log(`  ${b.text}`);
      if (b.type === "tool_use") console.log(`  → ${b.name}(${JSON.stringify(b.input).slice(0, 90)})`);
    }
  }
  if (line.type === "user") {
    for (const b of line.message.content) {
      if (b.type !== "tool_result") continue;
      const text = typeof b.content === "string" ? b.content : b.content.map((c) => c.text ?? "").join("");
      const first = text.split("\n").slice(0, 3).join(" ⏎ ");
      console.log(`    ${b.is_error ? "✗" : "✓"} ${first.slice(0, 100)}`);
    }
  }
  if (line.type === "result")
    console.log(
      `● ${line.subtype} in ${line.num_turns} turns, ${line.duration_ms} ms, $${line.total_cost_usd}: ${line.result ?? line.errors}`,
    );
}
