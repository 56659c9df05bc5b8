import { spawnSync } from "node:child_process";
import type { TUI } from "@earendil-works/pi-tui";

/**
 * Hands the terminal to `$VISUAL`/`$EDITOR` for `path` and takes it back. Returns false when no
 * editor is configured.
 */
export function editInExternalEditor(screen: TUI, editor: string | undefined, path: string): boolean {
  if (!editor) return false;
  screen.stop();
  try {
    spawnSync(editor, [path], { stdio: "inherit", shell: true });
  } finally {
    screen.start();
    // Redraw the live region below whatever the editor left on the screen.
    screen.requestRender(true);
  }
  return true;
}
