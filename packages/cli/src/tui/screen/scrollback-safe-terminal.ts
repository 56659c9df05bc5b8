import type { Terminal } from "@earendil-works/pi-tui";

/** What pi-tui's main-screen renderer writes before a full redraw: clear screen, home, clear scrollback. */
const FULL_CLEAR = "\x1b[2J\x1b[H\x1b[3J";
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control sequences is the point
const ANY_CLEAR = /\x1b\[[23]J|\x1bc/g;

/**
 * A terminal that never clears the screen or the scrollback. When the renderer wants a full
 * redraw (a resize, or the live region shrinking above the top of the screen) it gets "go back
 * to the start of the live region and clear below" instead: the conversation already in the
 * scrollback stays where the user can scroll and select it.
 */
export class ScrollbackSafeTerminal implements Terminal {
  private readonly inner: Terminal;
  /** Rows between the cursor and the first row of the live region (set by the screen before each frame). */
  liveRowsAboveCursor = 0;

  constructor(inner: Terminal) {
    this.inner = inner;
  }

  start(onInput: (data: string) => void, onResize: () => void): void {
    this.inner.start(onInput, onResize);
  }
  stop(): void {
    this.inner.stop();
  }
  drainInput(maxMs?: number, idleMs?: number): Promise<void> {
    return this.inner.drainInput(maxMs, idleMs);
  }
  write(data: string): void {
    let out = data;
    if (out.includes(FULL_CLEAR)) {
      const up = this.liveRowsAboveCursor > 0 ? `\x1b[${this.liveRowsAboveCursor}A` : "";
      out = out.replace(FULL_CLEAR, `\r${up}\x1b[J`);
    }
    if (out.includes("\x1b[2J") || out.includes("\x1b[3J") || out.includes("\x1bc"))
      out = out.replace(ANY_CLEAR, "");
    this.inner.write(out);
  }
  get columns(): number {
    return this.inner.columns;
  }
  get rows(): number {
    return this.inner.rows;
  }
  get kittyProtocolActive(): boolean {
    return this.inner.kittyProtocolActive;
  }
  moveBy(lines: number): void {
    this.inner.moveBy(lines);
  }
  hideCursor(): void {
    this.inner.hideCursor();
  }
  showCursor(): void {
    this.inner.showCursor();
  }
  clearLine(): void {
    this.inner.clearLine();
  }
  clearFromCursor(): void {
    this.inner.clearFromCursor();
  }
  clearScreen(): void {
    // Never wipe what the user may still want to scroll back to.
    this.inner.clearFromCursor();
  }
  setTitle(title: string): void {
    this.inner.setTitle(title);
  }
  setProgress(active: boolean): void {
    this.inner.setProgress(active);
  }
}
