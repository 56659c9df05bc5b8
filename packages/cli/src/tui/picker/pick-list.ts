import { type Component, matchesKey, SelectList } from "@earendil-works/pi-tui";
import type { PickItem } from "../commands/command-types.js";
import { fitLine } from "../render/terminal-text.js";
import { selectListTheme, style } from "../render/theme.js";

/** A titled list shown in place of the prompt (`/resume`, `/model`). Type to filter, Enter picks, Esc cancels. */
export class PickList implements Component {
  private readonly title: string;
  private readonly list: SelectList;
  private filter = "";

  constructor(options: {
    title: string;
    items: PickItem[];
    maxVisible: number;
    onPick: (value: string) => void;
    onCancel: () => void;
    /** The value selected at first. */
    initial?: string;
  }) {
    this.title = options.title;
    this.list = new SelectList(options.items, Math.max(3, options.maxVisible), selectListTheme);
    const at = options.items.findIndex((i) => i.value === options.initial);
    if (at > 0) this.list.setSelectedIndex(at);
    this.list.onSelect = (item) => options.onPick(item.value);
    this.list.onCancel = options.onCancel;
  }

  handleInput(data: string): void {
    if (matchesKey(data, "backspace")) {
      this.filter = this.filter.slice(0, -1);
      this.list.setFilter(this.filter);
      return;
    }
    if (data.length === 1 && data >= " " && data !== "\x7f" && !matchesKey(data, "escape")) {
      this.filter += data;
      this.list.setFilter(this.filter);
      return;
    }
    this.list.handleInput(data);
  }

  render(width: number): string[] {
    const head = `${style.bold(this.title)}${this.filter ? style.gray(`  filter: ${this.filter}`) : style.gray("  (type to filter · enter · esc)")}`;
    return [fitLine(style.gray("─".repeat(width)), width), fitLine(head, width), ...this.list.render(width)];
  }

  invalidate(): void {
    this.list.invalidate();
  }
}
