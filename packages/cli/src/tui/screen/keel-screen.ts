import { type Component, TuiMainScreen, visibleWidth } from "@earendil-works/pi-tui";
import { fitLine } from "../render/terminal-text.js";
import type { Transcript } from "../transcript/transcript.js";
import type { ScrollbackSafeTerminal } from "./scrollback-safe-terminal.js";

/**
 * The main-screen renderer with three additions that keep the terminal's scrollback intact:
 *
 * - finished transcript blocks leave the live region after they are drawn: their lines stay in
 *   the terminal (scrollback, selection, search) and are never redrawn nor kept in memory;
 * - lines that scrolled above the top of the screen are frozen as they were drawn, so a
 *   re-flowing markdown block taller than the screen never forces a full redraw;
 * - a full redraw never clears the screen or the scrollback (see ScrollbackSafeTerminal).
 *
 * The transcript must be the first child: its lines start at row 0 of the live region.
 */
export class KeelScreen extends TuiMainScreen {
  private readonly transcript: Transcript;
  private readonly safeTerminal: ScrollbackSafeTerminal;
  private lastRaw: string[] = [];
  private freezeTop = 0;
  private lastSize = { columns: 0, rows: 0 };

  constructor(terminal: ScrollbackSafeTerminal, transcript: Transcript, live: Component[]) {
    super(terminal);
    this.safeTerminal = terminal;
    this.transcript = transcript;
    this.addChild(transcript);
    for (const c of live) this.addChild(c);
  }

  /** Full redraws (renderer statistics; tests assert on the terminal output instead). */
  get redraws(): number {
    return this.fullRedraws;
  }

  override render(width: number): string[] {
    const lines = super.render(width);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      // The renderer throws on an over-wide line; a component bug must not end the session.
      if (visibleWidth(line) > width) lines[i] = fitLine(line, width);
    }
    const frozen = Math.min(this.freezeTop, lines.length, this.lastRaw.length);
    for (let i = 0; i < frozen; i++) lines[i] = this.lastRaw[i] as string;
    this.lastRaw = lines.slice();
    return lines;
  }

  protected override doRender(): void {
    const state = this.captureRenderState();
    const { columns, rows } = this.terminal;
    const resized = columns !== this.lastSize.columns || rows !== this.lastSize.rows;
    this.lastSize = { columns, rows };
    this.freezeTop = resized ? 0 : Math.max(0, state.previousViewportTop);
    this.safeTerminal.liveRowsAboveCursor = Math.max(0, state.hardwareCursorRow);
    super.doRender();
    this.commitFinished();
  }

  /** Hands the transcript's finished prefix to the scrollback: shift the renderer's rows by its height. */
  private commitFinished(): void {
    const lines = this.transcript.takeFinishedPrefix();
    if (lines === 0) return;
    const s = this.captureRenderState();
    this.restoreRenderState({
      previousLines: s.previousLines.slice(lines),
      previousWidth: s.previousWidth,
      previousHeight: s.previousHeight,
      cursorRow: s.cursorRow - lines,
      hardwareCursorRow: s.hardwareCursorRow - lines,
      maxLinesRendered: Math.max(0, s.maxLinesRendered - lines),
      // May go negative: the live region then starts below the top of the screen.
      previousViewportTop: s.previousViewportTop - lines,
    });
    this.lastRaw = this.lastRaw.slice(lines);
  }
}
