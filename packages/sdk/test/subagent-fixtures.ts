import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProviderEvent } from "@keel/protocol";
import type { ModelProvider, ModelRequest, ScriptedProvider } from "@keel/provider";

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** Call from afterAll. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The text of a request's first message (a sub-agent's prompt). */
export function promptOf(request: ModelRequest): string {
  const first = request.messages[0];
  if (first === undefined || typeof first.content === "string") return String(first?.content ?? "");
  return first.content.map((b) => (b.type === "text" ? b.text : "")).join("");
}

export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((b: { text?: string }) => b.text ?? "").join("");
  return "";
}

/**
 * Lets the first two arrivals through together. A caller that runs the parties one after the
 * other never brings the second while the first waits: a fail-safe timer then lets the first go
 * alone, so the test fails on its assertions instead of hanging.
 */
export function twoPartyGate(): { arrive: () => Promise<void>; arrivedTogether: () => boolean } {
  let waiting = 0;
  let together = false;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const failSafe = setTimeout(open, 2000);
  return {
    arrive: () => {
      waiting++;
      if (waiting === 2) {
        together = true;
        clearTimeout(failSafe);
        open();
      }
      return opened;
    },
    arrivedTogether: () => together,
  };
}

/** A provider that waits for `gate(request)` before streaming the scripted response. */
export function gatedProvider(
  inner: ScriptedProvider,
  gate: (request: ModelRequest) => Promise<void>,
): ModelProvider & { inner: ScriptedProvider } {
  return {
    id: "gated",
    inner,
    async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
      await gate(request);
      yield* inner.stream(request, signal);
    },
  };
}
