import type { Editor } from "@earendil-works/pi-tui";
import type { FileIndex } from "../input/file-index.js";
import { PromptAutocomplete } from "../input/prompt-autocomplete.js";
import { buildCommands, completionCommands, parseCommandLine } from "./command-registry.js";
import type { CustomCommand, SlashCommandDef } from "./command-types.js";

/** The commands the prompt knows (built-in, then custom once loaded) and the editor's completion for them. */
export class CommandCatalog {
  private list: SlashCommandDef[] = buildCommands([]);
  private readonly editor: Editor;
  private readonly cwd: string;
  private readonly files: FileIndex;

  constructor(options: { editor: Editor; cwd: string; files: FileIndex }) {
    this.editor = options.editor;
    this.cwd = options.cwd;
    this.files = options.files;
    this.installCompletion();
  }

  get commands(): readonly SlashCommandDef[] {
    return this.list;
  }

  parse(text: string): ReturnType<typeof parseCommandLine> {
    return parseCommandLine(text, this.list);
  }

  /** Adds custom commands (after start-up: loading them reads `.keel/commands` and friends). */
  async loadCustom(load: () => Promise<readonly CustomCommand[]> | readonly CustomCommand[]): Promise<void> {
    const custom = await load();
    if (custom.length === 0) return;
    this.list = buildCommands(custom);
    this.installCompletion();
  }

  private installCompletion(): void {
    this.editor.setAutocompleteProvider(
      new PromptAutocomplete(completionCommands(this.list), this.cwd, this.files),
    );
  }
}
