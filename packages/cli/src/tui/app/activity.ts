/**
 * What the spinner line shows besides a run: side work (a `!` command, `/compact`) that Esc
 * can abort, the spinner's timer (only while something is busy: an idle TUI wakes no one), and
 * transient hints in the footer.
 */
export class Activity {
  private readonly o: { tick: () => void; requestRender: () => void; runBusy: () => boolean };
  private side: { abort: AbortController; started: number } | undefined;
  private spinnerTimer: NodeJS.Timeout | undefined;
  private hintTimer: NodeJS.Timeout | undefined;
  hint: string | undefined;
  label = "Working";

  constructor(options: { tick: () => void; requestRender: () => void; runBusy: () => boolean }) {
    this.o = options;
  }

  /** When the side work started, if any. */
  get sideSince(): number | undefined {
    return this.side?.started;
  }

  /** Runs side work with the spinner on; Esc (`abortSide`) aborts its signal. */
  async run<T>(label: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const side = { abort: new AbortController(), started: performance.now() };
    this.side = side;
    this.label = label;
    this.startSpinner();
    try {
      return await work(side.abort.signal);
    } finally {
      this.side = undefined;
      this.stopSpinner();
      this.o.requestRender();
    }
  }

  abortSide(): boolean {
    if (!this.side) return false;
    this.side.abort.abort();
    return true;
  }

  startSpinner(): void {
    this.spinnerTimer ??= setInterval(() => {
      this.o.tick();
      this.o.requestRender();
    }, 100);
  }

  /** Stops the spinner unless a run or side work still goes on. */
  stopSpinner(): void {
    if (this.o.runBusy() || this.side) return;
    clearInterval(this.spinnerTimer);
    this.spinnerTimer = undefined;
  }

  /** Shows a hint in the footer for `ms`. */
  flash(text: string, ms = 2000): void {
    this.hint = text;
    clearTimeout(this.hintTimer);
    this.hintTimer = setTimeout(() => {
      this.hint = undefined;
      this.o.requestRender();
    }, ms);
    this.hintTimer.unref();
    this.o.requestRender();
  }

  dispose(): void {
    this.side?.abort.abort();
    clearInterval(this.spinnerTimer);
    clearTimeout(this.hintTimer);
  }
}
