/** Display toggles shared by the transcript's blocks (Ctrl+O, Ctrl+T). Only live blocks follow a change. */
export interface ViewOptions {
  /** Show tool output (and whole diffs) instead of a one-line summary. */
  expandTools: boolean;
  /** Show thinking text instead of a one-line summary. */
  showThinking: boolean;
}

export function defaultViewOptions(): ViewOptions {
  return { expandTools: false, showThinking: false };
}
