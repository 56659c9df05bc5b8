import { matchesKey } from "@earendil-works/pi-tui";
import type { TuiApp } from "./tui-app.js";

/** A second Ctrl-C within this time exits. */
const DOUBLE_PRESS_MS = 2000;

/**
 * Keys that act on the whole TUI before the focused component sees them: Esc interrupts,
 * Ctrl-C clears / interrupts / exits on a second press, Ctrl-D exits on an empty prompt,
 * Shift+Tab cycles the permission mode, Ctrl+O and Ctrl+T expand tool output and thinking.
 */
export function installGlobalKeys(app: TuiApp): void {
  let lastCtrlC = Number.NEGATIVE_INFINITY;
  app.screen.addInputListener((data) => {
    if (matchesKey(data, "ctrl+c")) {
      const now = performance.now();
      if (now - lastCtrlC < DOUBLE_PRESS_MS) {
        void app.shutdown(0);
        return { consume: true };
      }
      lastCtrlC = now;
      if (app.showingDialog) app.dialog.handleInput?.("\x1b");
      else if (app.editor.getText() !== "") app.editor.setText("");
      else app.interrupt();
      app.flash("Press Ctrl-C again to exit", DOUBLE_PRESS_MS);
      return { consume: true };
    }
    if (app.showingDialog) return undefined; // dialogs and pickers own their keys (Esc included)
    if (matchesKey(data, "escape")) {
      if (app.editor.isShowingAutocomplete()) return undefined;
      return app.interrupt() ? { consume: true } : undefined;
    }
    if (matchesKey(data, "ctrl+d") && app.editor.getText() === "") {
      void app.shutdown(0);
      return { consume: true };
    }
    if (matchesKey(data, "shift+tab")) {
      void app.cycleMode();
      return { consume: true };
    }
    if (matchesKey(data, "ctrl+o")) {
      app.toggleView("expandTools");
      return { consume: true };
    }
    if (matchesKey(data, "ctrl+t")) {
      app.toggleView("showThinking");
      return { consume: true };
    }
    return undefined;
  });
}
