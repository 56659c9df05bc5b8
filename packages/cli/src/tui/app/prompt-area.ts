import type { Component, TUI } from "@earendil-works/pi-tui";
import type { PickItem } from "../commands/command-types.js";
import { PickList } from "../picker/pick-list.js";

/**
 * The slot below the transcript: the prompt editor, or a dialog or picker in its place. Showing
 * something moves the keyboard focus to it; closing it gives the focus back to the editor.
 */
export class PromptArea implements Component {
  private readonly screen: TUI;
  private readonly editor: Component;
  private overlay: Component | undefined;

  constructor(screen: TUI, editor: Component) {
    this.screen = screen;
    this.editor = editor;
  }

  get current(): Component {
    return this.overlay ?? this.editor;
  }

  get showingEditor(): boolean {
    return this.overlay === undefined;
  }

  show(component: Component): void {
    this.overlay = component;
    this.screen.setFocus(component);
    this.screen.requestRender();
  }

  /** Back to the editor, if `component` is what is shown. */
  close(component: Component): void {
    if (this.overlay === component) {
      this.overlay = undefined;
      this.screen.setFocus(this.editor);
    }
    this.screen.requestRender();
  }

  /** A picker in place of the prompt; `onPick` runs after it closed (not on Esc). */
  pick(options: {
    title: string;
    items: PickItem[];
    initial?: string;
    onPick: (value: string) => void;
  }): void {
    const list: PickList = new PickList({
      ...options,
      maxVisible: Math.max(3, this.screen.terminal.rows - 8),
      onPick: (value) => {
        this.close(list);
        options.onPick(value);
      },
      onCancel: () => this.close(list),
    });
    this.show(list);
  }

  render(width: number): string[] {
    return this.current.render(width);
  }

  handleInput(data: string): void {
    this.current.handleInput?.(data);
  }

  invalidate(): void {
    this.editor.invalidate();
    this.overlay?.invalidate();
  }
}
