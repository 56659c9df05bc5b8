import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempWorkspace } from "./context.js";

export interface EscapeFixture {
  /** The temp directory holding both. */
  root: string;
  /** The workspace: `ws/d1/d2/up -> ws`, `ws/link-out -> outside/secret`, `ws/dir-out -> outside`. */
  ws: string;
  /** A sibling of the workspace holding `secret` and `notebook.ipynb`. */
  outside: string;
  /** `ws/d1/d2/up/../outside`: lexically `ws/d1/d2/outside`, physically `root/outside`. */
  viaDotDot: string;
}

export const NOTEBOOK = JSON.stringify({
  cells: [
    { cell_type: "code", id: "c1", metadata: {}, source: ["x = 1"], outputs: [], execution_count: null },
  ],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});

/** The B3 layout from the security review: a symlink back to the workspace, then `..`. */
export function escapeFixture(): EscapeFixture {
  const root = tempWorkspace("keel-escape-");
  const ws = join(root, "ws");
  const outside = join(root, "outside");
  mkdirSync(join(ws, "d1", "d2"), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, "secret"), "outside secret\n");
  writeFileSync(join(outside, "notebook.ipynb"), NOTEBOOK);
  symlinkSync(ws, join(ws, "d1", "d2", "up"));
  symlinkSync(join(outside, "secret"), join(ws, "link-out"));
  symlinkSync(join(outside, "notebook.ipynb"), join(ws, "notebook-out.ipynb"));
  symlinkSync(outside, join(ws, "dir-out"));
  return { root, ws, outside, viaDotDot: `${join(ws, "d1", "d2", "up")}/../outside` };
}
