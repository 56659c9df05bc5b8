import {
  type AutocompleteItem,
  type AutocompleteProvider,
  type AutocompleteSuggestions,
  CombinedAutocompleteProvider,
  fuzzyFilter,
  type SlashCommand,
} from "@earendil-works/pi-tui";
import type { FileIndex } from "./file-index.js";

const MAX_SUGGESTIONS = 20;
/** `@partial/path` or `@"partial path` right before the cursor. */
const AT_PREFIX = /(?:^|\s)(@(?:"[^"]*|[^\s"]*))$/;

function completionValue(path: string): string {
  return /\s/.test(path) ? `@"${path}"` : `@${path}`;
}

/**
 * Completion for the prompt: slash commands (and their arguments) and paths from pi-tui's
 * provider; `@` mentions from the project's file list (ripgrep, .gitignore respected), fuzzy
 * matched. Picking one inserts `@path`; the file is read when the prompt is sent.
 */
export class PromptAutocomplete implements AutocompleteProvider {
  private readonly base: CombinedAutocompleteProvider;
  private readonly files: FileIndex;

  constructor(commands: SlashCommand[], cwd: string, files: FileIndex) {
    this.base = new CombinedAutocompleteProvider(commands, cwd);
    this.files = files;
  }

  async getSuggestions(
    lines: string[],
    cursorLine: number,
    cursorCol: number,
    options: { signal: AbortSignal; force?: boolean },
  ): Promise<AutocompleteSuggestions | null> {
    const before = (lines[cursorLine] ?? "").slice(0, cursorCol);
    const at = AT_PREFIX.exec(before);
    if (at?.[1] !== undefined) {
      const prefix = at[1];
      const query = prefix.slice(1).replace(/^"/, "");
      const all = await this.files.list();
      if (options.signal.aborted) return null;
      const matches =
        query === ""
          ? all.slice(0, MAX_SUGGESTIONS)
          : fuzzyFilter(all, query, (p) => p).slice(0, MAX_SUGGESTIONS);
      if (matches.length === 0) return null;
      const items: AutocompleteItem[] = matches.map((p) => ({
        value: completionValue(p),
        label: p.split("/").pop() ?? p,
        description: p,
      }));
      return { items, prefix };
    }
    return this.base.getSuggestions(lines, cursorLine, cursorCol, options);
  }

  applyCompletion(
    lines: string[],
    cursorLine: number,
    cursorCol: number,
    item: AutocompleteItem,
    prefix: string,
  ): { lines: string[]; cursorLine: number; cursorCol: number } {
    return this.base.applyCompletion(lines, cursorLine, cursorCol, item, prefix);
  }

  shouldTriggerFileCompletion(lines: string[], cursorLine: number, cursorCol: number): boolean {
    return this.base.shouldTriggerFileCompletion(lines, cursorLine, cursorCol);
  }
}
