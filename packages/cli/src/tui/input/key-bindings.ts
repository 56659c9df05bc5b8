/** The TUI's own keys (the editor's are pi-tui's: Ctrl+A/E, Ctrl+W, Ctrl+K, Ctrl+Y, Ctrl+-, …). */
export const KEY_BINDINGS: ReadonlyArray<[keys: string, action: string]> = [
  ["Enter", "send (while Keel works: queue it, delivered after the current tool batch)"],
  ["Shift+Enter, Ctrl+J, \\ Enter", "new line"],
  ["↑ / ↓", "prompt history (shared by all sessions)"],
  ["@path", "attach a file (Tab completes; read when sent)"],
  ["!command", "run a shell command; its output goes with your next prompt"],
  ["/", "commands (Tab completes)"],
  ["Esc", "interrupt Keel (in a dialog: deny and interrupt)"],
  ["Ctrl+C", "clear the prompt / interrupt; twice to exit"],
  ["Ctrl+D", "exit (on an empty prompt)"],
  ["Shift+Tab", "permission mode: default → accept edits → plan"],
  ["Ctrl+O", "expand tool output and diffs"],
  ["Ctrl+T", "show thinking"],
];

export function keyBindingsHelp(): string[] {
  const width = Math.max(...KEY_BINDINGS.map(([k]) => k.length));
  return KEY_BINDINGS.map(([k, a]) => `${k.padEnd(width)}  ${a}`);
}
