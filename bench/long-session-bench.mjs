// `node bench/long-session-bench.mjs`: the long-session scenario of issue 5 on the BUILT packages
// (build first: `npx tsc -b packages/core`). 300 tool turns, each returning 40 KB, against a
// 64K-token window, with a JSONL session in a temp dir; the model is an in-process fake that
// reports the estimator's count as usage. Prints wall time, peak RSS (target ≤ 150 MB), requests
// and compactions. `--turns N` (default 300), `--window N` (default 64000), `--kb N` (default 40).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { estimateMessageTokens, estimateRequestTokens, SUMMARY_SYSTEM_PROMPT } from "@keel/compact";
import { Agent, JsonlSessionStore } from "@keel/core";
import { createModePolicy } from "@keel/permissions";
import { defineTool, ToolRegistry } from "@keel/tools";
import { z } from "zod";

const { values } = parseArgs({
  options: { turns: { type: "string" }, window: { type: "string" }, kb: { type: "string" } },
});
const turns = Number(values.turns ?? 300);
const window = Number(values.window ?? 64_000);
const outputChars = Number(values.kb ?? 40) * 1024;
const maxOut = 4_096;

const line = (i) => `const value${i} = compute(${i}); // line\n`;
const output = Array.from({ length: Math.ceil(outputChars / 20) }, (_, i) => line(i))
  .join("")
  .slice(0, outputChars);
const reasoning = "I read the next file to follow how the parser state flows through it. ".repeat(9);

/** A fake model without HTTP or request copies: reads until `turns` calls, then answers. */
function fakeModel(stats) {
  let calls = 0;
  return {
    id: "bench",
    async *stream(request) {
      const est = estimateRequestTokens(request);
      stats.maxTokens = Math.max(stats.maxTokens, est + request.maxTokens);
      let content;
      if (request.system === SUMMARY_SYSTEM_PROMPT) {
        stats.summaries++;
        content = [
          { type: "text", text: "<summary>Parser refactor in progress; files read so far.</summary>" },
        ];
      } else {
        stats.requests++;
        content =
          calls < turns
            ? [
                { type: "text", text: reasoning },
                {
                  type: "tool_use",
                  id: `r${calls}`,
                  name: "Read",
                  input: { file_path: `src/file${calls++}.ts` },
                },
              ]
            : [{ type: "text", text: "Done." }];
      }
      const usage = {
        inputTokens: est,
        outputTokens: estimateMessageTokens({ role: "assistant", content }),
        cacheCreationInputTokens: 0,
        cacheReadInputTokens: 0,
      };
      const stopReason = content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn";
      yield { type: "message_start", id: `m${stats.requests}`, model: request.model };
      yield { type: "usage", usage };
      yield {
        type: "message_end",
        response: { message: { role: "assistant", content }, stopReason, usage, incompleteToolUses: [] },
      };
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), "keel-long-bench-"));
const stats = { requests: 0, summaries: 0, maxTokens: 0, micro: 0, compactions: 0 };
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const log = await new JsonlSessionStore({ dir }).create({
  type: "header",
  version: 1,
  sessionId: "bench",
  cwd: dir,
  model: "bench-model",
  created: new Date().toISOString(),
  parentSessionId: null,
});
const agent = new Agent({
  sessionId: "bench",
  provider: fakeModel(stats),
  model: "bench-model",
  system: "You are a coding agent.",
  context: "MEMORY-FILE: always run the linter.",
  tools: new ToolRegistry([
    defineTool({
      name: "Read",
      description: "Read a file",
      inputSchema: z.object({ file_path: z.string() }),
      readOnly: true,
      call: async () => ({ content: output }),
    }),
  ]),
  policy: createModePolicy({ mode: "bypassPermissions", workspace: dir }),
  cwd: dir,
  log,
  maxTurns: turns + 5,
  maxTokens: maxOut,
  maxToolOutputChars: outputChars + 1_000,
  compaction: { contextWindow: window, maxOutputTokens: maxOut, micro: { keepRecent: 2, batch: 2 } },
  onEvent: (e) => {
    if (e.type === "compaction") e.strategy === "micro" ? stats.micro++ : stats.compactions++;
  },
});
const result = await agent.run("ORIGINAL-PROMPT: refactor the parser in src/.");
await log.close();
const seconds = (performance.now() - started) / 1000;
const peakMb = process.resourceUsage().maxRSS / 1024;
rmSync(dir, { recursive: true, force: true });

console.log(
  `Long-session bench — ${turns} turns × ${outputChars / 1024} KB outputs, ${window}-token window; node ${process.version}`,
);
console.log("| metric | value | target |");
console.log("|---|---|---|");
console.log(`| result | ${result.subtype} (${result.numTurns} turns) | success |`);
console.log(`| wall time | ${seconds.toFixed(2)} s | — |`);
console.log(
  `| peak RSS | ${peakMb.toFixed(1)} MB (${(rssBefore / 1048576).toFixed(1)} MB at start) | ≤ 150 MB |`,
);
console.log(`| largest request + output reserve | ${stats.maxTokens} tokens (estimated) | ≤ ${window} |`);
console.log(`| model requests / summary requests | ${stats.requests} / ${stats.summaries} | — |`);
console.log(`| compactions: summary / micro | ${stats.compactions} / ${stats.micro} | — |`);
if (result.subtype !== "success" || peakMb > 150 || stats.maxTokens > window) process.exitCode = 1;
