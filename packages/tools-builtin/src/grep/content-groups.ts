/**
 * Content-mode output of a parallel ripgrep run, regrouped by file and sorted by path so that
 * offset/head_limit page through the same order on every call. rg (with `--null`) keeps each
 * file's lines together and ends the path with NUL, which makes the path unambiguous.
 * Bounded: past `maxChars` of output it gives up (`overflowed`) and the caller re-runs rg
 * with `--sort path`, which is deterministic but single-threaded.
 */
export class ContentGroups {
  readonly #groups: Array<{ path: string; lines: string[] }> = [];
  #chars = 0;
  #overflowed = false;
  readonly #maxChars: number;

  constructor(maxChars: number) {
    this.#maxChars = maxChars;
  }

  get overflowed(): boolean {
    return this.#overflowed;
  }

  add(line: string): void {
    if (this.#overflowed) return;
    this.#chars += line.length + 1;
    if (this.#chars > this.#maxChars) {
      this.#overflowed = true;
      this.#groups.length = 0;
      return;
    }
    const nul = line.indexOf("\0");
    if (nul < 0) {
      // A context separator (`--`): it belongs to the file being printed.
      this.#groups.at(-1)?.lines.push(line);
      return;
    }
    const path = line.slice(0, nul);
    const rest = line.slice(nul + 1);
    // rg prints `path:12:text` for matches and `path-12-text` for context lines.
    const separator = /^\d+-/.test(rest) ? "-" : ":";
    const formatted = `${path}${separator}${rest}`;
    const last = this.#groups.at(-1);
    if (last?.path === path) last.lines.push(formatted);
    else this.#groups.push({ path, lines: [formatted] });
  }

  /**
   * All lines, files in path order, each file's lines as rg printed them. With context lines
   * rg separates every group (files included) with `--`, so `separateFiles` puts it back
   * between files (the separators rg printed at file boundaries follow the parallel order).
   */
  sortedLines(separateFiles: boolean): string[] {
    const groups = [...this.#groups].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const out: string[] = [];
    for (const group of groups) {
      const lines = group.lines.at(-1) === "--" ? group.lines.slice(0, -1) : group.lines;
      if (separateFiles && out.length > 0) out.push("--");
      out.push(...lines);
    }
    return out;
  }
}
