#!/usr/bin/env node
/**
 * Serves a scripted fake Anthropic API for shell-driven runs (CI smoke, demo, bench):
 *
 *   node testing/fake-anthropic/dist/cli.js --script turns.json [--port N] [--api-key K]
 *        [--chunk-bytes N] [--crlf] [--pings]
 *
 * The script file holds a JSON array of FakeTurn objects. The first stdout line is
 * `FAKE_ANTHROPIC_URL=http://127.0.0.1:PORT`; the server runs until SIGINT/SIGTERM.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { startFakeAnthropic } from "./server.js";
import type { FakeServerOptions, FakeTurn } from "./types.js";

function fail(message: string): never {
  process.stderr.write(`fake-anthropic: ${message}\n`);
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      script: { type: "string" },
      port: { type: "string" },
      "api-key": { type: "string" },
      "chunk-bytes": { type: "string" },
      crlf: { type: "boolean" },
      pings: { type: "boolean" },
    },
  });
  if (!values.script) fail("missing --script <file.json> (a JSON array of turns)");
  let script: unknown;
  try {
    script = JSON.parse(await readFile(values.script, "utf8"));
  } catch (error) {
    fail(`cannot read script ${values.script}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(script)) fail(`script ${values.script} must contain a JSON array of turns`);

  const options: FakeServerOptions = { script: script as FakeTurn[] };
  const port = positiveInt("port", values.port);
  const chunkBytes = positiveInt("chunk-bytes", values["chunk-bytes"]);
  if (port !== undefined) options.port = port;
  if (chunkBytes !== undefined) options.chunkBytes = chunkBytes;
  if (values["api-key"] !== undefined) options.apiKey = values["api-key"];
  if (values.crlf) options.crlf = true;
  if (values.pings) options.pings = true;

  const server = await startFakeAnthropic(options);
  process.stdout.write(`FAKE_ANTHROPIC_URL=${server.url}\n`);
  const stop = () => {
    server.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
