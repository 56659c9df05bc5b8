// CI smoke run: the BUILT keel binary against the in-repo fake Anthropic server.
// One tool-using session in stream-json; fails (exit 1) unless it completes as expected.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeAnthropic } from "@keel/fake-anthropic";

// The launcher npm links as `keel` (run through its shebang, as npx does).
const bin = new URL("../packages/cli/bin/keel.js", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "keel-smoke-"));
const home = mkdtempSync(join(tmpdir(), "keel-smoke-home-"));
const server = await startFakeAnthropic({
  chunkBytes: 9,
  crlf: true,
  pings: true,
  script: [
    {
      content: [
        { type: "text", text: "Writing the file." },
        { type: "tool_use", name: "Write", input: { file_path: join(work, "hello.txt"), content: "hi\n" } },
      ],
    },
    { content: [{ type: "tool_use", name: "Read", input: { file_path: join(work, "hello.txt") } }] },
    { content: [{ type: "text", text: "Done: hello.txt says hi." }] },
  ],
});
const child = spawn(
  process.execPath,
  [bin, "-p", "write hello.txt", "--output-format", "stream-json", "--permission-mode", "acceptEdits"],
  {
    cwd: work,
    env: { ...process.env, ANTHROPIC_API_KEY: "sk-smoke", ANTHROPIC_BASE_URL: server.url, KEEL_HOME: home },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
let out = "";
child.stdout.on("data", (d) => (out += d));
const code = await new Promise((r) => child.on("close", r));
await server.close();
const lines = out
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const result = lines.at(-1);
const fail = (msg) => {
  console.error(`smoke FAILED: ${msg}\n${out}`);
  process.exit(1);
};
if (code !== 0) fail(`exit code ${code}`);
if (result?.type !== "result" || result.subtype !== "success") fail("no success result line");
if (result.result !== "Done: hello.txt says hi.") fail(`unexpected result ${JSON.stringify(result.result)}`);
if (readFileSync(join(work, "hello.txt"), "utf8") !== "hi\n") fail("hello.txt not written");
const sessions = readdirSync(join(home, "projects"));
if (sessions.length !== 1) fail("session directory missing");
console.log(`smoke ok: ${lines.length} stream-json lines, ${server.requests.length} requests, exit ${code}`);
