import { type Component, type Focusable, Input, matchesKey } from "@earendil-works/pi-tui";
import { renderDiff } from "../render/diff-view.js";
import { fitLine, sanitizeText, wrapWithPrefix } from "../render/terminal-text.js";
import { style } from "../render/theme.js";
import { displayPath, editPreview } from "../transcript/tool-presentation.js";
import type { RuleSuggestion } from "./rule-suggestions.js";

/** What the user answered. `interrupt`: Esc, deny and stop the turn. */
export type DialogAnswer =
  | { kind: "allow" }
  | { kind: "allowAlways"; suggestion: RuleSuggestion }
  | { kind: "deny"; reason: string }
  | { kind: "interrupt" };

export interface PermissionDialogOptions {
  toolName: string;
  input: Record<string, unknown>;
  /** Why the policy asks. */
  reason: string;
  cwd: string;
  suggestions: RuleSuggestion[];
  /** Rows the dialog may use (the terminal height minus the footer). */
  maxRows: () => number;
  onAnswer: (answer: DialogAnswer) => void;
}

interface Choice {
  label: string;
  answer: () => DialogAnswer | "reason";
}

/**
 * The question for an `ask` decision: the tool and its input (a diff for Edit/Write, the command
 * for Bash), then numbered answers — yes; yes and don't ask again (one per rule suggestion);
 * no, with a reason typed for the model. Keys: ↑/↓ and Enter, the digits, `y`, `n`, Esc.
 */
export class PermissionDialog implements Component, Focusable {
  private readonly o: PermissionDialogOptions;
  private readonly choices: Choice[];
  private selected = 0;
  private reasonInput: Input | undefined;
  private answered = false;
  private _focused = false;

  constructor(options: PermissionDialogOptions) {
    this.o = options;
    this.choices = [
      { label: "Yes", answer: () => ({ kind: "allow" }) },
      ...options.suggestions.map((s) => ({
        label: s.label,
        answer: (): DialogAnswer => ({ kind: "allowAlways", suggestion: s }),
      })),
      { label: "No, and tell Keel what to do instead", answer: () => "reason" as const },
    ];
  }

  get focused(): boolean {
    return this._focused;
  }
  set focused(value: boolean) {
    this._focused = value;
    if (this.reasonInput) this.reasonInput.focused = value;
  }

  handleInput(data: string): void {
    if (this.answered) return;
    if (this.reasonInput) {
      if (matchesKey(data, "escape")) {
        this.reasonInput = undefined;
        return;
      }
      this.reasonInput.handleInput(data);
      return;
    }
    if (matchesKey(data, "escape")) this.finish({ kind: "interrupt" });
    else if (matchesKey(data, "up"))
      this.selected = (this.selected + this.choices.length - 1) % this.choices.length;
    else if (matchesKey(data, "down")) this.selected = (this.selected + 1) % this.choices.length;
    else if (matchesKey(data, "enter")) this.choose(this.selected);
    else if (data === "y" || data === "Y") this.choose(0);
    else if (data === "n" || data === "N") this.choose(this.choices.length - 1);
    else if (/^[1-9]$/.test(data)) {
      const i = Number(data) - 1;
      if (i < this.choices.length) this.choose(i);
    }
  }

  render(width: number): string[] {
    const lines: string[] = [fitLine(style.gray("─".repeat(width)), width)];
    lines.push(fitLine(style.bold(style.yellow(`Allow ${this.o.toolName}?`)), width));
    const body = this.body(width);
    const room = Math.max(3, this.o.maxRows() - this.choices.length - 6);
    if (body.length > room) {
      lines.push(...body.slice(0, room - 1));
      lines.push(fitLine(style.gray(`    … ${body.length - room + 1} more lines`), width));
    } else lines.push(...body);
    lines.push(...wrapWithPrefix(sanitizeText(this.o.reason), width, "  ", "  ").map(style.gray));
    lines.push("");
    this.choices.forEach((c, i) => {
      const active = i === this.selected && this.reasonInput === undefined;
      const text = `${active ? "❯" : " "} ${i + 1}. ${c.label}`;
      lines.push(fitLine(active ? style.cyan(text) : text, width));
    });
    if (this.reasonInput) {
      lines.push(
        fitLine(style.gray("  Reason for Keel (Enter to send, empty is fine; Esc goes back):"), width),
      );
      lines.push(...this.reasonInput.render(width));
    } else lines.push(fitLine(style.gray("  Enter to choose · y yes · n no · esc interrupts"), width));
    return lines;
  }

  invalidate(): void {}

  private choose(index: number): void {
    const answer = this.choices[index]?.answer();
    if (answer === undefined) return;
    if (answer !== "reason") {
      this.finish(answer);
      return;
    }
    this.selected = index;
    const input = new Input({ prompt: "  > " });
    input.focused = this._focused;
    input.onSubmit = (value) => this.finish({ kind: "deny", reason: value.trim() });
    this.reasonInput = input;
  }

  private finish(answer: DialogAnswer): void {
    if (this.answered) return;
    this.answered = true;
    this.o.onAnswer(answer);
  }

  private body(width: number): string[] {
    const { toolName, input, cwd } = this.o;
    const preview = editPreview(toolName, input, cwd);
    if (preview) {
      const title = `  ${preview.created ? "Create" : "Change"} ${displayPath(preview.path, cwd)}`;
      return [
        fitLine(style.bold(title), width),
        ...renderDiff(preview.oldText, preview.newText, {
          width,
          maxLines: 400,
          startLine: preview.startLine,
        }),
      ];
    }
    if (toolName === "Bash" && typeof input.command === "string") {
      const lines = wrapWithPrefix(sanitizeText(input.command), width, "  $ ", "    ").map(style.bold);
      if (typeof input.description === "string")
        lines.push(...wrapWithPrefix(sanitizeText(input.description), width, "  ", "  ").map(style.gray));
      return lines;
    }
    const json = JSON.stringify(input, null, 2) ?? "{}";
    return wrapWithPrefix(sanitizeText(json), width, "  ", "  ").slice(0, 40);
  }
}
